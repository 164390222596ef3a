import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { ConfigModule } from '../common/config.module';
import { DatabaseModule } from '../database/database.module';
import { DocumentsModule } from '../documents/documents.module';
import { EditionsModule } from '../editions/editions.module';
import { ImportService } from '../fixtures/importer';
import { InstrumentsModule } from '../instruments/instruments.module';
import { PublicationsModule } from '../results/publications.module';
import { ResultsModule } from '../results/results.module';
import { SecretsModule } from '../secrets/secrets.module';

/** The same services as the HTTP app, without HTTP (the controllers of these modules are never mounted). */
@Module({
  imports: [ConfigModule, DatabaseModule, SecretsModule, AccessModule, AuditModule, EditionsModule, InstrumentsModule, ResultsModule, PublicationsModule, DocumentsModule],
  providers: [ImportService],
})
export class CliModule {}
