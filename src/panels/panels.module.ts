import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { InstrumentsModule } from '../instruments/instruments.module';
import { PanelsController } from './panels.controller';
import { PanelsService } from './panels.service';

@Module({
  imports: [AuditModule, InstrumentsModule],
  controllers: [PanelsController],
  providers: [PanelsService],
})
export class PanelsModule {}
