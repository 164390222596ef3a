import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { NotFoundError } from '../common/errors';
import { DecideDto, DecisionResultDto, VerificationCompleteDto } from './dto/decision.dto';
import { CreateObjectionDto, ObjectionViewDto, RuleObjectionDto } from './dto/objection.dto';
import { ReopenDto, VerificationReopenedDto } from './dto/reopen.dto';
import { ObjectionsService } from './objections.service';
import { ObjectionView } from './objection-view';
import { DecisionResult, VerificationComplete, VerificationReopened, VerificationService } from './verification.service';

const STAGE_QUERY = { name: 'stage', required: false, description: 'questionnaire stage code; default: the edition\'s first questionnaire stage' };

@ApiTags('verification')
@ApiBearerAuth()
@Controller('editions/:edition')
export class VerificationController {
  constructor(
    private readonly verification: VerificationService,
    private readonly objections: ObjectionsService,
  ) {}

  @Put('verification/:body/answers/:question')
  @ApiOperation({ summary: 'Decide on one answer: accept, reject or correct (assigned verifier, admin), inside the verification window; audited' })
  @ApiQuery(STAGE_QUERY)
  @ApiOkResponse({ type: DecisionResultDto })
  @ApiErrors(400, 401, 403, 404, 409)
  decide(
    @CurrentActor() actor: Actor,
    @Param('edition') edition: string,
    @Param('body') body: string,
    @Param('question') question: string,
    @Body() dto: DecideDto,
    @Query('stage') stage?: string,
  ): Promise<DecisionResult> {
    return this.verification.decide(actor, edition, body, question, dto, stage || undefined);
  }

  @Post('verification/:body/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete verification of a body (assigned verifier, admin); returns the verified score' })
  @ApiQuery(STAGE_QUERY)
  @ApiOkResponse({ type: VerificationCompleteDto })
  @ApiErrors(401, 403, 404, 409)
  complete(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Param('body') body: string, @Query('stage') stage?: string): Promise<VerificationComplete> {
    return this.verification.complete(actor, edition, body, stage || undefined);
  }

  @Post('verification/:body/reopen')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reopen the completed verification of a body (admin), with the reason; audited (SPEC §15). Its decisions stay; its verifier (or an admin) changes them inside the verification window and completes it again',
  })
  @ApiQuery(STAGE_QUERY)
  @ApiOkResponse({ type: VerificationReopenedDto })
  @ApiErrors(400, 401, 403, 404, 409)
  reopen(
    @CurrentActor() actor: Actor,
    @Param('edition') edition: string,
    @Param('body') body: string,
    @Body() dto: ReopenDto,
    @Query('stage') stage?: string,
  ): Promise<VerificationReopened> {
    return this.verification.reopen(actor, edition, body, dto, stage || undefined);
  }

  @Post('objections')
  @ApiOperation({ summary: 'Object to a verification result (the body itself), inside the objection window after verification is complete' })
  @ApiCreatedResponse({ type: ObjectionViewDto })
  @ApiErrors(400, 401, 403, 404, 409)
  object(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Body() dto: CreateObjectionDto): Promise<ObjectionView> {
    return this.objections.create(actor, edition, dto);
  }

  @Get('objections')
  @ApiOperation({ summary: 'Objections: all (admin), of assigned bodies (verifier), one\'s own (body)' })
  @ApiQuery({ name: 'body', required: false })
  @ApiOkResponse({ type: ObjectionViewDto, isArray: true })
  @ApiErrors(401, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Query('body') body?: string): Promise<ObjectionView[]> {
    return this.objections.list(actor, edition, body || undefined);
  }

  @Put('objections/:id')
  @ApiOperation({ summary: 'Rule on an objection: upheld or rejected (assigned verifier, admin); audited' })
  @ApiOkResponse({ type: ObjectionViewDto })
  @ApiErrors(400, 401, 403, 404, 409)
  rule(
    @CurrentActor() actor: Actor,
    @Param('edition') edition: string,
    @Param('id', new ParseIntPipe({ exceptionFactory: () => new NotFoundError('objection', '(not a number)') })) id: number,
    @Body() dto: RuleObjectionDto,
  ): Promise<ObjectionView> {
    return this.objections.rule(actor, edition, id, dto);
  }
}
