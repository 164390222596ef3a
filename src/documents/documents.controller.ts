import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { AccessService } from '../access/access.service';
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
  constructor(
    private readonly documents: DocumentsService,
    private readonly access: AccessService,
  ) {}

  @Get('editions/:edition/exports/ranking.xlsx')
  @ApiBearerAuth()
  @ApiProduces(XLSX)
  @fileResponse(XLSX, 'the ranking workbook (xlsx)')
  @ApiOperation({ summary: 'Ranking workbook of the latest publication, with the jurors’ sheets (admin)' })
  @ApiErrors(401, 403, 404)
  async adminRanking(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Res() res: Response): Promise<void> {
    const scope = await this.access.requireEdition(actor, 'results.manage', edition);
    await this.documents.rankingWorkbook(scope.edition.code, (view) => attachment(res, XLSX, `peringkat-${view.edition.code}-v${view.version}.xlsx`), true);
  }

  @Public()
  @Get('public/editions/:edition/ranking.xlsx')
  @ApiProduces(XLSX)
  @fileResponse(XLSX, 'the ranking workbook (xlsx)')
  @ApiOperation({ summary: 'Ranking workbook of the latest publication, without assessor names (anyone)' })
  @ApiErrors(404)
  async publicRanking(@Param('edition') edition: string, @Res() res: Response): Promise<void> {
    await this.documents.rankingWorkbook(edition, (view) => attachment(res, XLSX, `peringkat-${view.edition.code}-v${view.version}.xlsx`), false);
  }

  @Get('editions/:edition/certificates.pdf')
  @ApiBearerAuth()
  @ApiProduces('application/pdf')
  @fileResponse('application/pdf', 'certificates, one A4 landscape page each')
  @ApiQuery({ name: 'category', required: false })
  @ApiOperation({ summary: 'Every certificate of the latest publication, one page each (admin)' })
  @ApiErrors(401, 403, 404)
  async all(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Res() res: Response, @Query('category') category?: string): Promise<void> {
    const scope = await this.access.requireEdition(actor, 'results.manage', edition);
    const { view, pages } = await this.documents.certificatePages(scope.edition.code, { category });
    if (category && !view.edition.categories.some((c) => c.code === category)) throw new NotFoundError('category', category);
    attachment(res, 'application/pdf', `sertifikat-${view.edition.code}${category ? `-${category}` : ''}.pdf`);
    res.setHeader('X-Certificate-Count', String(pages.length));
    await this.documents.certificates(scope.edition.code, res, { category });
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
    const scope = await this.access.requireParticipant(actor, 'result.read', edition, bodyCode);
    await this.documents.certificatePages(scope.edition.code, { body: scope.body.code });
    attachment(res, 'application/pdf', `sertifikat-${scope.edition.code}-${scope.body.code}.pdf`);
    await this.documents.certificates(scope.edition.code, res, { body: scope.body.code });
  }
}
