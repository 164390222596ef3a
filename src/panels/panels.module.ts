import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { EditionsModule } from '../editions/editions.module';
import { FactsModule } from '../facts/facts.module';
import { InstrumentsModule } from '../instruments/instruments.module';
import { UsersModule } from '../users/users.module';
import { PanelsController } from './panels.controller';
import { PanelsService } from './panels.service';

@Module({
  imports: [AuditModule, EditionsModule, FactsModule, InstrumentsModule, UsersModule],
  controllers: [PanelsController],
  providers: [PanelsService],
})
export class PanelsModule {}
