import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BodiesModule } from './bodies/bodies.module';
import { CommissionsModule } from './commissions/commissions.module';
import { AccessModule } from './access/access.module';
import { ConfigModule } from './common/config.module';
import { HealthController } from './common/health.controller';
import { DatabaseModule } from './database/database.module';
import { DocumentsModule } from './documents/documents.module';
import { EditionsModule } from './editions/editions.module';
import { EvidenceModule } from './evidence/evidence.module';
import { InstrumentsModule } from './instruments/instruments.module';
import { PanelsModule } from './panels/panels.module';
import { PublicationsModule } from './results/publications.module';
import { ResultsModule } from './results/results.module';
import { SaqModule } from './saq/saq.module';
import { SecretsModule } from './secrets/secrets.module';
import { UsersModule } from './users/users.module';
import { VerificationModule } from './verification/verification.module';
import { WebModule } from './web/web.module';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    SecretsModule,
    AccessModule,
    AuthModule,
    AuditModule,
    CommissionsModule,
    UsersModule,
    BodiesModule,
    InstrumentsModule,
    EditionsModule,
    SaqModule,
    EvidenceModule,
    VerificationModule,
    PanelsModule,
    ResultsModule,
    PublicationsModule,
    DocumentsModule,
    WebModule,
  ],
  controllers: [HealthController],
})
export class AppModule {}
