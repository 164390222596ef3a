import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, CurrentActor } from '../../common/actor';
import { contentDisposition } from '../../evidence/evidence.controller';
import { EvidenceService } from '../../evidence/evidence.service';
import { ForRoles, WebController } from '../web.guard';

/**
 * An evidence file opened in the browser (SPEC §13, §11): the body's operator, its verifiers and
 * admins, with their session. `inline`, so that the browser's PDF viewer shows it beside the
 * page that links it; this one response may be framed by this origin's pages (their CSP has
 * `frame-src 'self'`), and its own CSP lets only the viewer run.
 */
@ApiExcludeController()
@Controller('berkas')
@WebController()
@ForRoles('body', 'verifier', 'admin')
export class EvidencePagesController {
  constructor(private readonly evidence: EvidenceService) {}

  @Get(':id')
  async open(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const { file, content } = await this.evidence.download(actor, Number(id));
    response.setHeader('X-Frame-Options', 'SAMEORIGIN');
    response.setHeader('Content-Security-Policy', "default-src 'none'; object-src 'self'; plugin-types application/pdf; frame-ancestors 'self'; base-uri 'none'; form-action 'none'");
    return new StreamableFile(content, { type: file.contentType, length: file.size, disposition: contentDisposition('inline', file.name) });
  }
}
