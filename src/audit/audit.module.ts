import { Module } from '@nestjs/common';
import { AccountAuditController, AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

@Module({
  controllers: [AuditController, AccountAuditController],
  providers: [AuditRepository, AuditService],
  // the results room reads the trail behind a publication's changes (who, when, the reopenings' reasons)
  exports: [AuditService, AuditRepository],
})
export class AuditModule {}
