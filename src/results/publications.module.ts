import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FactsModule } from '../facts/facts.module';
import { ChangesService } from './changes.service';
import { PublicationsController } from './publications.controller';
import { PublicationsService } from './publications.service';

@Module({
  imports: [AuditModule, FactsModule],
  controllers: [PublicationsController],
  providers: [PublicationsService, ChangesService],
  exports: [PublicationsService, ChangesService, FactsModule],
})
export class PublicationsModule {}
