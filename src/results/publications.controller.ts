import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Public } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { PublicResultDto } from './dto/result.dto';
import { CertificateCheckDto, PublicationDto, PublishDto } from './dto/publication.dto';
import { ChangeReportDto, PublicationHistoryDto } from './dto/changes.dto';
import { ChangeReport, ChangesService, PublicationHistoryEntry } from './changes.service';
import { CertificateCheck, PublicationInfo, PublicationsService } from './publications.service';
import { PublicResult } from './result-view';

@ApiTags('publications')
@Controller()
export class PublicationsController {
  constructor(
    private readonly publications: PublicationsService,
    private readonly changes: ChangesService,
  ) {}

  @Post('editions/:edition/publications')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Publish the computed results as the next numbered, immutable version (admin); refused while a result is incomplete, while one is unverified unless acceptUnverified with a reason, or when nothing changed' })
  @ApiCreatedResponse({ type: PublicationDto })
  @ApiErrors(400, 401, 403, 404, 409)
  publish(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Body() body: PublishDto): Promise<PublicationInfo> {
    return this.publications.publish(actor, edition, body);
  }

  @Public()
  @Get('public/editions/:edition/results')
  @ApiOperation({ summary: 'Results of the latest publication (anyone)' })
  @ApiQuery({ name: 'category', required: false })
  @ApiOkResponse({ type: PublicResultDto, isArray: true })
  @ApiErrors(404)
  publicResults(@Param('edition') edition: string, @Query('category') category?: string): Promise<PublicResult[]> {
    return this.publications.publicResults(edition, category || undefined);
  }

  @Public()
  @Get('public/editions/:edition/publications')
  @ApiOperation({
    summary: 'Publication history: versions, decrees, dates, reasons, and from version 2 on what changed against the version before (anyone)',
    description: 'Version 1 has no `changes` field. Each later version lists the bodies whose final, predicate or rank differ from the version before it; unchanged bodies are not listed.',
  })
  @ApiOkResponse({ type: PublicationHistoryDto, isArray: true })
  @ApiErrors(404)
  history(@Param('edition') edition: string): Promise<PublicationHistoryEntry[]> {
    return this.changes.history(edition);
  }

  @Get('editions/:edition/publications/:version/changes')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'What changed in a version against the one before it, with the facts behind each change (admin)',
    description:
      'The public change list, and per changed body: the questions whose answer, decision or objection ruling changed (the value that counted before and after), ' +
      'the panel sheets whose status or total changed, absences recorded or withdrawn — each with who and when from the audit trail — and the reopenings ' +
      'of that body between the two versions with their reasons. Version 1: `replaces` null and no changes.',
  })
  @ApiOkResponse({ type: ChangeReportDto })
  @ApiErrors(401, 403, 404)
  changeReport(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Param('version') version: string): Promise<ChangeReport> {
    return this.changes.changes(actor, edition, /^\d{1,9}$/.test(version) ? Number(version) : Number.NaN);
  }

  @Public()
  @Get('public/certificates/:code')
  @ApiOperation({ summary: 'Verify a certificate by its printed code (anyone)' })
  @ApiOkResponse({ type: CertificateCheckDto })
  verify(@Param('code') code: string): Promise<CertificateCheck> {
    return this.publications.verifyCertificate(code);
  }
}
