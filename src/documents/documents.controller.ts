import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Actor, CurrentActor, Public } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { NotFoundError } from '../common/errors';
import { DocumentsService } from './documents.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file download in the OpenAPI document. */
const fileResponse = (type: string, description: string) =>
  ApiOkResponse({ description, content: { [type]: { schema: { type: 'string', format: 'binary' } } } });

/** Sets the download headers; returns the response to stream the file into. */
function attachment(res: Response, type: string, fileName: string): Response {
  res.status(200);
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  return res;
}

@ApiTags('documents')
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get('editions/:edition/exports/ranking.xlsx')
  @ApiBearerAuth()
  @ApiProduces(XLSX)
  @fileResponse(XLSX, 'the ranking workbook (xlsx)')
  @ApiOperation({ summary: 'Ranking workbook of the latest publication, with the jurors’ sheets (admin)' })
  @ApiErrors(401, 403, 404)
  async adminRanking(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Res() res: Response): Promise<void> {
    await this.documents.rankingWorkbook(actor, edition, (view) => attachment(res, XLSX, `peringkat-${view.edition.code}-v${view.version}.xlsx`), { assessors: true });
  }

  @Public()
  @Get('public/editions/:edition/ranking.xlsx')
  @ApiProduces(XLSX)
  @fileResponse(XLSX, 'the ranking workbook (xlsx)')
  @ApiOperation({ summary: 'Ranking workbook of the latest publication, without assessor names (anyone)' })
  @ApiErrors(404)
  async publicRanking(@Param('edition') edition: string, @Res() res: Response): Promise<void> {
    await this.documents.publicRankingWorkbook(edition, (view) => attachment(res, XLSX, `peringkat-${view.edition.code}-v${view.version}.xlsx`));
  }

  @Get('editions/:edition/certificates.pdf')
  @ApiBearerAuth()
  @ApiProduces('application/pdf')
  @fileResponse('application/pdf', 'certificates, one A4 landscape page each')
  @ApiQuery({ name: 'category', required: false })
  @ApiOperation({ summary: 'Every certificate of the latest publication, one page each (admin)' })
  @ApiErrors(401, 403, 404)
  async all(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Res() res: Response, @Query('category') category?: string): Promise<void> {
    await this.documents.certificates(actor, edition, ({ view, count }) => {
      res.setHeader('X-Certificate-Count', String(count));
      return attachment(res, 'application/pdf', `sertifikat-${view.edition.code}${category ? `-${category}` : ''}.pdf`);
    }, category ? { category } : {});
  }

  @Get('editions/:edition/certificates/:file')
  @ApiBearerAuth()
  @ApiProduces('application/pdf')
  @fileResponse('application/pdf', 'certificates, one A4 landscape page each')
  @ApiOperation({ summary: 'One body’s certificate, e.g. /certificates/dinkes.pdf (admin, or the body itself), after publication' })
  @ApiErrors(401, 403, 404)
  async one(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Param('file') file: string, @Res() res: Response): Promise<void> {
    if (!file.endsWith('.pdf')) throw new NotFoundError('document', file);
    const bodyCode = file.slice(0, -'.pdf'.length);
    await this.documents.bodyCertificate(actor, edition, bodyCode, ({ view }) => attachment(res, 'application/pdf', `sertifikat-${view.edition.code}-${bodyCode}.pdf`));
  }
}
