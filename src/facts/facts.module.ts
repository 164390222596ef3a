import { Module } from '@nestjs/common';
import { CommissionsModule } from '../commissions/commissions.module';
import { EditionsModule } from '../editions/editions.module';
import { EvidenceRepository } from '../evidence/evidence.repository';
import { InstrumentsModule } from '../instruments/instruments.module';
import { PanelsRepository } from '../panels/panels.repository';
import { ResultsRepository } from '../results/results.repository';
import { SaqRepository } from '../saq/saq.repository';
import { VerificationRepository } from '../verification/verification.repository';
import { FactsReader } from './facts.reader';

/**
 * The stored facts of a cycle and their one reader: the repositories of the SAQ, verification,
 * results and panel tables (each the only code on its tables, each in its feature's folder) and the
 * facts reader over them. They are provided here, below every service that writes them or reads
 * facts (saq, verification, panels, results, documents), so no two modules import each other.
 */
@Module({
  imports: [CommissionsModule, EditionsModule, InstrumentsModule],
  providers: [SaqRepository, VerificationRepository, ResultsRepository, PanelsRepository, EvidenceRepository, FactsReader],
  exports: [SaqRepository, VerificationRepository, ResultsRepository, PanelsRepository, EvidenceRepository, FactsReader],
})
export class FactsModule {}
