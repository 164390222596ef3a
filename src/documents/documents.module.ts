import { Module } from '@nestjs/common';
import { PublicationsModule } from '../results/publications.module';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { AnonymousDownloadLimit, DownloadLimiter } from './download-limiter';
import { DownloadsService } from './downloads.service';
import { PublicationViews } from './publication-views';
import { RenderedDocumentsRepository } from './rendered-documents.repository';

@Module({
  imports: [PublicationsModule],
  controllers: [DocumentsController],
  providers: [DocumentsService, DownloadsService, PublicationViews, RenderedDocumentsRepository, DownloadLimiter, AnonymousDownloadLimit],
  exports: [DocumentsService, DownloadsService],
})
export class DocumentsModule {}
