import { Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, CurrentActor } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { EvidenceFileViewDto, UploadEvidenceDto } from './dto/evidence-file.dto';
import { EvidenceFileView, EvidenceService } from './evidence.service';
import { multipartUpload } from './multipart-upload';

const STAGE_QUERY = { name: 'stage', required: false, description: "questionnaire stage code; default: the edition's first questionnaire stage" };

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): the ASCII fallback and the name as the operator wrote it. */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

@ApiTags('evidence')
@ApiBearerAuth()
@ApiExtraModels(EvidenceFileViewDto)
@Controller()
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Post('editions/:edition/saq/:body/answers/:question/files')
  @ApiOperation({ summary: "Attach an evidence file to an answer (the body itself), inside the window and before submitting; the edition's evidenceFiles limits; audited" })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadEvidenceDto })
  @ApiCreatedResponse({ type: EvidenceFileViewDto })
  @ApiQuery(STAGE_QUERY)
  @ApiErrors(400, 401, 403, 404, 409, 413, 415)
  upload(
    @CurrentActor() actor: Actor,
    @Param('edition') edition: string,
    @Param('body') body: string,
    @Param('question') question: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Query('stage') stage?: string,
  ): Promise<EvidenceFileView> {
    return this.evidence.upload(actor, edition, body, question, multipartUpload(request, response), stage || undefined);
  }

  @Get('editions/:edition/saq/:body/files')
  @ApiOperation({ summary: "The body's evidence files, by question (the body itself, its verifier, admin)" })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: { type: 'array', items: { $ref: getSchemaPath(EvidenceFileViewDto) } } } })
  @ApiQuery(STAGE_QUERY)
  @ApiErrors(401, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Param('body') body: string, @Query('stage') stage?: string): Promise<Record<string, EvidenceFileView[]>> {
    return this.evidence.list(actor, edition, body, stage || undefined);
  }

  @Delete('editions/:edition/saq/:body/answers/:question/files/:id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Detach an evidence file from an answer (the body itself), inside the window and before submitting; audited' })
  @ApiOkResponse({ type: EvidenceFileViewDto })
  @ApiQuery(STAGE_QUERY)
  @ApiErrors(401, 403, 404, 409)
  remove(
    @CurrentActor() actor: Actor,
    @Param('edition') edition: string,
    @Param('body') body: string,
    @Param('question') question: string,
    @Param('id') id: string,
    @Query('stage') stage?: string,
  ): Promise<EvidenceFileView> {
    return this.evidence.remove(actor, edition, body, question, Number(id), stage || undefined);
  }

  @Get('editions/:edition/evidence.zip')
  @ApiOperation({ summary: "Every evidence file of the edition, or of one body (admin), as a zip with a manifest.csv, streamed" })
  @ApiQuery({ name: 'body', required: false, description: 'one body code; default: every body' })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'the zip', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(401, 403, 404)
  async zip(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Query('body') body?: string): Promise<StreamableFile> {
    const { fileName, content } = await this.evidence.evidenceZip(actor, edition, body || undefined);
    return new StreamableFile(content, { type: 'application/zip', disposition: contentDisposition('attachment', fileName) });
  }

  @Get('files/:id')
  @ApiOperation({ summary: 'An evidence file, streamed as an attachment (the body, its verifiers, admin)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'the file, as an attachment', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(401, 403, 404)
  async download(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const { file, content } = await this.evidence.download(actor, Number(id));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(content, { type: file.contentType, length: file.size, disposition: contentDisposition('attachment', file.name) });
  }
}
