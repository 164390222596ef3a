import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { EditionsModule } from '../editions/editions.module';
import { InstrumentsModule } from '../instruments/instruments.module';
import { UsersModule } from '../users/users.module';
import { PanelsController } from './panels.controller';
import { PanelsRepository } from './panels.repository';
import { PanelsService } from './panels.service';

@Module({
  imports: [AuditModule, EditionsModule, InstrumentsModule, UsersModule],
  controllers: [PanelsController],
  providers: [PanelsRepository, PanelsService],
  exports: [PanelsRepository],
})
export class PanelsModule {}
