import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { ConfigModule } from '../common/config.module';
import { DatabaseModule } from '../database/database.module';
import { EditionsRepository } from '../editions/editions.repository';
import { ImportService } from '../fixtures/importer';
import { InstrumentsRepository } from '../instruments/instruments.repository';
import { InstrumentsService } from '../instruments/instruments.service';
import { DocumentsService } from '../documents/documents.service';
import { PublicationViews } from '../documents/publication-views';
import { ComputeService } from '../results/compute.service';
import { PublicationsService } from '../results/publications.service';

/** The same services as the HTTP app, without HTTP. */
@Module({
  imports: [ConfigModule, DatabaseModule, AccessModule, AuditModule],
  providers: [InstrumentsRepository, InstrumentsService, EditionsRepository, ComputeService, ImportService, PublicationsService, PublicationViews, DocumentsService],
})
export class CliModule {}
