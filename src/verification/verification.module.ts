import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FactsModule } from '../facts/facts.module';
import { InstrumentsModule } from '../instruments/instruments.module';
import { ObjectionsService } from './objections.service';
import { VerificationController } from './verification.controller';
import { VerificationService } from './verification.service';

@Module({
  imports: [AuditModule, InstrumentsModule, FactsModule],
  controllers: [VerificationController],
  providers: [VerificationService, ObjectionsService],
  exports: [VerificationService, ObjectionsService],
})
export class VerificationModule {}
