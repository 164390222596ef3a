import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { AbsenceViewDto, AbsenceWithdrawnDto, BodySheetsDto, DraftSheetDto, PanelAssignmentDto, ReasonDto, SheetReopenedDto, SheetViewDto } from './dto/sheet.dto';
import { AbsenceView, BodySheets, PanelAssignmentView, PanelsService, SheetReopened, SheetView } from './panels.service';

@ApiTags('panels')
@ApiBearerAuth()
@Controller('editions/:edition/panels/:stage')
export class PanelsController {
  constructor(private readonly panels: PanelsService) {}

  @Get('assignments')
  @ApiOperation({ summary: 'Panel assignments: a juror\'s own, or all of them for an admin' })
  @ApiOkResponse({ type: PanelAssignmentDto, isArray: true })
  @ApiErrors(401, 403, 404)
  assignments(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Param('stage') stage: string): Promise<PanelAssignmentView[]> {
    return this.panels.assignments(actor, edition, stage);
  }

  @Get('scores/:body')
  @ApiOperation({ summary: 'Score sheets for a body: the juror\'s own sheet only, or all sheets for an admin' })
  @ApiOkResponse({ type: BodySheetsDto })
  @ApiErrors(401, 403, 404)
  sheets(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Param('stage') stage: string, @Param('body') body: string): Promise<BodySheets> {
    return this.panels.sheets(actor, edition, stage, body);
  }

  @Put('scores/:body')
  @ApiOperation({ summary: 'Save a draft score sheet (assigned juror), inside the panel window, for a body that reached the stage; audited' })
  @ApiOkResponse({ type: SheetViewDto })
  @ApiErrors(400, 401, 403, 404, 409)
  draft(
    @CurrentActor() actor: Actor,
    @Param('edition') edition: string,
    @Param('stage') stage: string,
    @Param('body') body: string,
    @Body() dto: DraftSheetDto,
  ): Promise<SheetView> {
    return this.panels.draft(actor, edition, stage, body, dto);
  }

  @Post('scores/:body/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit the draft sheet (assigned juror); it is locked afterwards' })
  @ApiOkResponse({ type: SheetViewDto })
  @ApiErrors(401, 403, 404, 409)
  submit(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Param('stage') stage: string, @Param('body') body: string): Promise<SheetView> {
    return this.panels.submit(actor, edition, stage, body);
  }

  @Post('scores/:body/:username/reopen')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reopen one submitted score sheet for its juror (admin), with the reason; audited (SPEC §15). The sheet becomes a draft with its scores; the juror submits it again inside the panel window or the body\'s extension',
  })
  @ApiOkResponse({ type: SheetReopenedDto })
  @ApiErrors(400, 401, 403, 404, 409)
  reopenSheet(
    @CurrentActor() actor: Actor,
    @Param('edition') edition: string,
    @Param('stage') stage: string,
    @Param('body') body: string,
    @Param('username') username: string,
    @Body() dto: ReasonDto,
  ): Promise<SheetReopened> {
    return this.panels.reopenSheet(actor, edition, stage, body, username, dto);
  }

  @Post('recusals/:body')
  @ApiOperation({ summary: 'Recuse from a body (assigned juror), with the reason' })
  @ApiCreatedResponse({ type: SheetViewDto })
  @ApiErrors(400, 401, 403, 404, 409)
  recuse(
    @CurrentActor() actor: Actor,
    @Param('edition') edition: string,
    @Param('stage') stage: string,
    @Param('body') body: string,
    @Body() dto: ReasonDto,
  ): Promise<SheetView> {
    return this.panels.recuse(actor, edition, stage, body, dto);
  }

  @Post('absences/:body')
  @ApiOperation({ summary: 'Record that a body did not present (admin): it scores 0 for the stage. Inside the panel window (or the body\'s extension), not over submitted sheets, not after the first publication' })
  @ApiCreatedResponse({ type: AbsenceViewDto })
  @ApiErrors(400, 401, 403, 404, 409)
  absent(
    @CurrentActor() actor: Actor,
    @Param('edition') edition: string,
    @Param('stage') stage: string,
    @Param('body') body: string,
    @Body() dto: ReasonDto,
  ): Promise<AbsenceView> {
    return this.panels.absent(actor, edition, stage, body, dto);
  }

  @Delete('absences/:body')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a recorded absence (admin), with the reason; audited (SPEC §15: the correction route, after publication too)' })
  @ApiOkResponse({ type: AbsenceWithdrawnDto })
  @ApiErrors(400, 401, 403, 404, 409)
  withdrawAbsence(
    @CurrentActor() actor: Actor,
    @Param('edition') edition: string,
    @Param('stage') stage: string,
    @Param('body') body: string,
    @Body() dto: ReasonDto,
  ): Promise<AbsenceWithdrawnDto> {
    return this.panels.withdrawAbsence(actor, edition, stage, body, dto);
  }
}
