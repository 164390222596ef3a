import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { EditionsModule } from '../editions/editions.module';
import { FactsModule } from '../facts/facts.module';
import { ComputeService } from './compute.service';
import { ResultsController } from './results.controller';

@Module({
  imports: [AuditModule, EditionsModule, FactsModule],
  controllers: [ResultsController],
  providers: [ComputeService],
  exports: [ComputeService],
})
export class ResultsModule {}
