import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { BodyResult } from '../scoring';
import { BodyResultDto, ResultSummaryDto } from './dto/result.dto';
import { ComputeService } from './compute.service';
import { ResultSummary, toResultSummary } from './result-view';

@ApiTags('results')
@ApiBearerAuth()
@Controller('editions/:edition')
export class ResultsController {
  constructor(private readonly results: ComputeService) {}

  @Post('compute')
  @HttpCode(200)
  @ApiOperation({ summary: 'Compute the draft results of the edition (admin); also decides who reaches gated panel stages' })
  @ApiOkResponse({ type: ResultSummaryDto, isArray: true })
  @ApiErrors(401, 403, 404)
  async compute(@CurrentActor() actor: Actor, @Param('edition') edition: string): Promise<ResultSummary[]> {
    return (await this.results.compute(actor, edition)).map(toResultSummary);
  }

  @Get('results')
  @ApiOperation({ summary: 'Draft results as last computed, in ranking order (admin)' })
  @ApiQuery({ name: 'category', required: false })
  @ApiOkResponse({ type: ResultSummaryDto, isArray: true })
  @ApiErrors(401, 403, 404)
  async list(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Query('category') category?: string): Promise<ResultSummary[]> {
    return (await this.results.results(actor, edition, category || undefined)).map(toResultSummary);
  }

  @Get('results/:body')
  @ApiOperation({ summary: 'Full breakdown of one body: questions, indicators, assessors, stages, final formula (admin: draft; the body itself: as published)' })
  @ApiOkResponse({ type: BodyResultDto })
  @ApiErrors(401, 403, 404)
  breakdown(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Param('body') body: string): Promise<BodyResult> {
    return this.results.breakdown(actor, edition, body);
  }
}
