import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { BodiesRepository } from '../bodies/bodies.repository';
import { ConfigModule } from '../common/config.module';
import { CommissionsModule } from '../commissions/commissions.module';
import { DatabaseModule } from '../database/database.module';
import { DocumentsModule } from '../documents/documents.module';
import { EditionsModule } from '../editions/editions.module';
import { FactsModule } from '../facts/facts.module';
import { ImportService } from '../fixtures/importer';
import { InstrumentsModule } from '../instruments/instruments.module';
import { PublicationsModule } from '../results/publications.module';
import { ResultsModule } from '../results/results.module';
import { SaqModule } from '../saq/saq.module';
import { SecretsModule } from '../secrets/secrets.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersRepository } from '../users/users.repository';
import { UsersService } from '../users/users.service';

/** The same services as the HTTP app, without HTTP (the controllers of these modules are never mounted). */
@Module({
  imports: [ConfigModule, DatabaseModule, SecretsModule, AccessModule, AuditModule, SessionsModule, CommissionsModule, EditionsModule, FactsModule, InstrumentsModule, ResultsModule, PublicationsModule, DocumentsModule, SaqModule],
  providers: [ImportService, BodiesRepository, UsersRepository, UsersService],
})
export class CliModule {}
