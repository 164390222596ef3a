import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Public } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { PublicResultDto } from './dto/result.dto';
import { CertificateCheckDto, PublicationDto, PublishDto } from './dto/publication.dto';
import { CertificateCheck, PublicationInfo, PublicationsService } from './publications.service';
import { PublicResult } from './result-view';

@ApiTags('publications')
@Controller()
export class PublicationsController {
  constructor(private readonly publications: PublicationsService) {}

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
  @ApiOperation({ summary: 'Publication history: versions, decrees, dates, reasons (anyone)' })
  @ApiOkResponse({ type: PublicationDto, isArray: true })
  @ApiErrors(404)
  history(@Param('edition') edition: string): Promise<PublicationInfo[]> {
    return this.publications.list(edition);
  }

  @Public()
  @Get('public/certificates/:code')
  @ApiOperation({ summary: 'Verify a certificate by its printed code (anyone)' })
  @ApiOkResponse({ type: CertificateCheckDto })
  verify(@Param('code') code: string): Promise<CertificateCheck> {
    return this.publications.verifyCertificate(code);
  }
}
