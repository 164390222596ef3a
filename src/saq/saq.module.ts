import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { EditionsModule } from '../editions/editions.module';
import { FactsModule } from '../facts/facts.module';
import { InstrumentsModule } from '../instruments/instruments.module';
import { SaqController } from './saq.controller';
import { SaqService } from './saq.service';

@Module({
  imports: [AuditModule, EditionsModule, FactsModule, InstrumentsModule],
  controllers: [SaqController],
  providers: [SaqService],
  exports: [SaqService],
})
export class SaqModule {}
