import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditModule } from '../audit/audit.module';
import { APP_CONFIG, AppConfig } from '../common/config';
import { UnitOfWork } from '../database/unit-of-work';
import { EditionsModule } from '../editions/editions.module';
import { FactsModule } from '../facts/facts.module';
import { InstrumentsModule } from '../instruments/instruments.module';
import { DatabaseStorage } from './database-storage';
import { EVIDENCE_STORAGE, EvidenceStorage } from './evidence-storage';
import { EvidenceController } from './evidence.controller';
import { EvidenceRepository } from './evidence.repository';
import { EvidenceService } from './evidence.service';
import { FolderStorage } from './folder-storage';

/**
 * Evidence files (SPEC §13): the service and routes, and the storage of their contents chosen
 * once from the configuration — a folder (MONEV_FILES_PATH, or `files/` beside the SQLite file),
 * or the database on a PostgreSQL deployment without MONEV_FILES_PATH. EvidenceRepository is
 * FactsModule's (the facts reader counts files as evidence).
 */
@Module({
  imports: [AuditModule, EditionsModule, FactsModule, InstrumentsModule],
  controllers: [EvidenceController],
  providers: [
    EvidenceService,
    {
      provide: EVIDENCE_STORAGE,
      inject: [APP_CONFIG, DataSource, UnitOfWork, EvidenceRepository],
      useFactory: (config: AppConfig, dataSource: DataSource, uow: UnitOfWork, repository: EvidenceRepository): EvidenceStorage =>
        config.evidenceStorage.kind === 'folder' ? new FolderStorage(config.evidenceStorage.path) : new DatabaseStorage(dataSource, uow, repository),
    },
  ],
  exports: [EvidenceService],
})
export class EvidenceModule {}
