import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FactsModule } from '../facts/facts.module';
import { PublicationsController } from './publications.controller';
import { PublicationsService } from './publications.service';

@Module({
  imports: [AuditModule, FactsModule],
  controllers: [PublicationsController],
  providers: [PublicationsService],
  exports: [PublicationsService, FactsModule],
})
export class PublicationsModule {}
