import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { InstrumentsController } from './instruments.controller';
import { InstrumentsRepository } from './instruments.repository';
import { InstrumentsService } from './instruments.service';

@Module({
  imports: [AuditModule],
  controllers: [InstrumentsController],
  providers: [InstrumentsRepository, InstrumentsService],
  exports: [InstrumentsRepository, InstrumentsService],
})
export class InstrumentsModule {}
