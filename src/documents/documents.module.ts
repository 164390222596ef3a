import { Module } from '@nestjs/common';
import { CommissionsModule } from '../commissions/commissions.module';
import { FactsModule } from '../facts/facts.module';
import { PublicationsModule } from '../results/publications.module';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { AnonymousDownloadLimit, DownloadLimiter } from './download-limiter';
import { DownloadsService } from './downloads.service';
import { PublicationViews } from './publication-views';
import { RenderedDocumentsRepository } from './rendered-documents.repository';

@Module({
  imports: [CommissionsModule, FactsModule, PublicationsModule],
  controllers: [DocumentsController],
  providers: [DocumentsService, DownloadsService, PublicationViews, RenderedDocumentsRepository, DownloadLimiter, AnonymousDownloadLimit],
  exports: [DocumentsService, DownloadsService],
})
export class DocumentsModule {}
