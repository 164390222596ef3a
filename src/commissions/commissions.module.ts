import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CommissionsController } from './commissions.controller';
import { CommissionsRepository } from './commissions.repository';
import { CommissionsService } from './commissions.service';

@Module({
  imports: [AuditModule],
  controllers: [CommissionsController],
  providers: [CommissionsRepository, CommissionsService],
  exports: [CommissionsRepository],
})
export class CommissionsModule {}
