import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { AnswerViewDto, SavedAnswerDto, SaveAnswerDto } from './dto/answer.dto';
import { DecisionViewDto, SaqViewDto, SubmittedSaqDto } from './dto/saq-view.dto';
import { SavedAnswer, SaqService, SaqView, SubmittedSaq } from './saq.service';

const STAGE_QUERY = { name: 'stage', required: false, description: 'questionnaire stage code; default: the edition\'s first questionnaire stage' };

@ApiTags('saq')
@ApiBearerAuth()
@ApiExtraModels(AnswerViewDto, DecisionViewDto)
@Controller('editions/:edition/saq/:body')
export class SaqController {
  constructor(private readonly saq: SaqService) {}

  @Get()
  @ApiOperation({ summary: 'A body\'s questionnaire: questions, answers, status, claimed score (the body itself, its verifier, admin)' })
  @ApiQuery(STAGE_QUERY)
  @ApiOkResponse({ type: SaqViewDto })
  @ApiErrors(401, 403, 404)
  view(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Param('body') body: string, @Query('stage') stage?: string): Promise<SaqView> {
    return this.saq.view(actor, edition, body, stage || undefined);
  }

  @Put('answers/:question')
  @ApiOperation({ summary: 'Answer one question (the body itself), inside the window or its extension and before submitting; audited' })
  @ApiQuery(STAGE_QUERY)
  @ApiOkResponse({ type: SavedAnswerDto })
  @ApiErrors(400, 401, 403, 404, 409)
  answer(
    @CurrentActor() actor: Actor,
    @Param('edition') edition: string,
    @Param('body') body: string,
    @Param('question') question: string,
    @Body() dto: SaveAnswerDto,
    @Query('stage') stage?: string,
  ): Promise<SavedAnswer> {
    return this.saq.saveAnswer(actor, edition, body, question, dto, stage || undefined);
  }

  @Post('submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit the questionnaire (the body itself); it is locked afterwards' })
  @ApiQuery(STAGE_QUERY)
  @ApiOkResponse({ type: SubmittedSaqDto })
  @ApiErrors(401, 403, 404, 409)
  submit(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Param('body') body: string, @Query('stage') stage?: string): Promise<SubmittedSaq> {
    return this.saq.submit(actor, edition, body, stage || undefined);
  }
}
