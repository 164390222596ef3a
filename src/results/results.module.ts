import { Module } from '@nestjs/common';
import { ComputeService } from './compute.service';
import { ResultsAccessService } from './results-access.service';
import { ResultsController } from './results.controller';

@Module({
  controllers: [ResultsController],
  providers: [ComputeService, ResultsAccessService],
  exports: [ComputeService],
})
export class ResultsModule {}
