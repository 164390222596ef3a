import { Controller, Get, Param, Query, Req, Res, UseGuards, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Actor, CurrentActor, Public } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { NotFoundError } from '../common/errors';
import { AnonymousDownloadLimit } from './download-limiter';
import { DownloadsService, KeptDocument } from './downloads.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file download in the OpenAPI document, with its strong ETag and the conditional request it answers. */
const fileResponse = (type: string, description: string) =>
  applyDecorators(
    ApiOkResponse({ description: `${description}, with a strong ETag`, content: { [type]: { schema: { type: 'string', format: 'binary' } } } }),
    ApiResponse({ status: 304, description: 'If-None-Match names the current ETag: the copy the client has is current' }),
    ApiHeader({ name: 'If-None-Match', required: false, description: 'the ETag of a copy downloaded before' }),
  );

/** Whether an If-None-Match header names this entity tag (RFC 9110 §13.1.2: weak comparison, or `*`). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * Answers with a kept document: 304 when the client's copy is current, else the bytes as an
 * attachment. A public download may be stored by caches, and revalidated each time (the latest
 * publication moves); an authenticated one keeps the headers every authenticated response has.
 */
async function send(req: Request, res: Response, document: KeptDocument, options: { public?: boolean; headers?: Record<string, string> } = {}): Promise<void> {
  if (options.public) res.setHeader('Cache-Control', 'public, no-cache');
  if (matches(req.headers['if-none-match'], document.etag)) {
    res.setHeader('ETag', document.etag);
    res.status(304).end();
    return;
  }
  const { bytes, etag } = await document.body();
  res.status(200);
  res.setHeader('ETag', etag);
  res.setHeader('Content-Type', document.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${document.fileName}"`);
  res.setHeader('Content-Length', String(bytes.length));
  for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
  res.end(bytes);
}

/** `?version=N`: that published version's document instead of the latest's; anything but a whole number names no version (404). */
const versionOf = (query: string | undefined): number | undefined => (query === undefined || query === '' ? undefined : /^\d{1,9}$/.test(query) ? Number(query) : Number.NaN);

const versionQuery = () =>
  ApiQuery({ name: 'version', required: false, description: 'a published version (default: the latest); a superseded version’s document is served byte-for-byte as it was first downloaded' });

@ApiTags('documents')
@Controller()
export class DocumentsController {
  constructor(private readonly downloads: DownloadsService) {}

  @Get('editions/:edition/exports/ranking.xlsx')
  @ApiBearerAuth()
  @ApiProduces(XLSX)
  @fileResponse(XLSX, 'the ranking workbook (xlsx)')
  @ApiOperation({ summary: 'Ranking workbook of the latest publication (or ?version=), with the jurors’ sheets (admin); from version 2 on with the sheet Perubahan' })
  @versionQuery()
  @ApiErrors(401, 403, 404)
  async adminRanking(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Req() req: Request, @Res() res: Response, @Query('version') version?: string): Promise<void> {
    await send(req, res, await this.downloads.rankingWorkbook(actor, edition, versionOf(version)));
  }

  @Public()
  @UseGuards(AnonymousDownloadLimit)
  @Get('public/editions/:edition/ranking.xlsx')
  @ApiProduces(XLSX)
  @fileResponse(XLSX, 'the ranking workbook (xlsx)')
  @ApiOperation({ summary: 'Ranking workbook of the latest publication (or ?version=), without assessor names (anyone; at most 30 downloads a minute from one address); from version 2 on with the sheet Perubahan' })
  @versionQuery()
  @ApiErrors(404, 429)
  async publicRanking(@Param('edition') edition: string, @Req() req: Request, @Res() res: Response, @Query('version') version?: string): Promise<void> {
    await send(req, res, await this.downloads.publicRankingWorkbook(edition, versionOf(version)), { public: true });
  }

  @Get('editions/:edition/certificates.pdf')
  @ApiBearerAuth()
  @ApiProduces('application/pdf')
  @fileResponse('application/pdf', 'certificates, one A4 landscape page each')
  @ApiQuery({ name: 'category', required: false })
  @versionQuery()
  @ApiOperation({ summary: 'Every certificate of the latest publication (or ?version=), one page each (admin)' })
  @ApiErrors(401, 403, 404)
  async all(
    @CurrentActor() actor: Actor, @Param('edition') edition: string, @Req() req: Request, @Res() res: Response, @Query('category') category?: string, @Query('version') version?: string,
  ): Promise<void> {
    const document = await this.downloads.certificates(actor, edition, { ...(category ? { category } : {}), ...(version !== undefined ? { version: versionOf(version) } : {}) });
    await send(req, res, document, { headers: { 'X-Certificate-Count': String(document.pages ?? 0) } });
  }

  @Get('editions/:edition/certificates/:file')
  @ApiBearerAuth()
  @ApiProduces('application/pdf')
  @fileResponse('application/pdf', 'certificates, one A4 landscape page each')
  @ApiOperation({ summary: 'One body’s certificate, e.g. /certificates/dinkes.pdf (admin, or the body itself), after publication; ?version= for an earlier version' })
  @versionQuery()
  @ApiErrors(401, 403, 404)
  async one(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Param('file') file: string, @Req() req: Request, @Res() res: Response, @Query('version') version?: string): Promise<void> {
    if (!file.endsWith('.pdf')) throw new NotFoundError('document', file);
    await send(req, res, await this.downloads.bodyCertificate(actor, edition, file.slice(0, -'.pdf'.length), versionOf(version)));
  }
}
