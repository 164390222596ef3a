import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FactsModule } from '../facts/facts.module';
import { InstrumentsModule } from '../instruments/instruments.module';
import { PanelsController } from './panels.controller';
import { PanelsService } from './panels.service';

@Module({
  imports: [AuditModule, InstrumentsModule, FactsModule],
  controllers: [PanelsController],
  providers: [PanelsService],
})
export class PanelsModule {}
