import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { ArrayBodyPipe } from '../common/validation-options';
import { StageDef } from '../scoring';
import { AssignmentDto, AssignmentViewDto } from './dto/assignment.dto';
import { EditionDefinitionDto, EditionViewDto, StageViewDto } from './dto/edition-definition.dto';
import { ExtensionViewDto, GrantExtensionDto } from './dto/extension.dto';
import { EnrolParticipantsDto, ParticipantDto, ParticipantsResultDto } from './dto/participants.dto';
import { StageWindowsDto } from './dto/stage-windows.dto';
import { AssignmentView, EditionsService, EditionView, ExtensionView, ParticipantView } from './editions.service';

@ApiTags('editions')
@ApiBearerAuth()
@Controller('editions')
export class EditionsController {
  constructor(private readonly editions: EditionsService) {}

  @Post()
  @ApiOperation({ summary: 'Create an edition from its SPEC §4 definition (admin of its commission)' })
  @ApiBody({ type: EditionDefinitionDto })
  @ApiCreatedResponse({ type: EditionViewDto })
  @ApiErrors(400, 401, 403, 404, 409)
  create(@CurrentActor() actor: Actor, @Body() definition: Record<string, unknown>): Promise<EditionView> {
    return this.editions.create(actor, definition);
  }

  @Get()
  @ApiOperation({ summary: 'The editions the caller can see' })
  @ApiOkResponse({ type: EditionViewDto, isArray: true })
  @ApiErrors(401)
  list(@CurrentActor() actor: Actor): Promise<EditionView[]> {
    return this.editions.list(actor);
  }

  @Get(':edition')
  @ApiOperation({ summary: 'An edition: stages, windows, bands' })
  @ApiOkResponse({ type: EditionViewDto })
  @ApiErrors(401, 404)
  get(@CurrentActor() actor: Actor, @Param('edition') edition: string): Promise<EditionView> {
    return this.editions.get(actor, edition);
  }

  @Patch(':edition/stages/:stage')
  @ApiOperation({ summary: 'Move a stage\'s windows (admin); audited' })
  @ApiOkResponse({ type: StageViewDto })
  @ApiErrors(400, 401, 403, 404)
  moveWindows(
    @CurrentActor() actor: Actor,
    @Param('edition') edition: string,
    @Param('stage') stage: string,
    @Body() dto: StageWindowsDto,
  ): Promise<StageDef> {
    return this.editions.moveWindows(actor, edition, stage, dto);
  }

  @Post(':edition/participants')
  @ApiOperation({ summary: 'Enrol registered bodies (admin)' })
  @ApiCreatedResponse({ type: ParticipantsResultDto })
  @ApiErrors(400, 401, 403, 404)
  enrol(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Body() dto: EnrolParticipantsDto) {
    return this.editions.enrol(actor, edition, dto);
  }

  @Delete(':edition/participants/:body')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a participant that has not acted yet (no answer saved, no verification, no panel sheet, never published: 409 otherwise), with its assignments (admin); audited' })
  @ApiNoContentResponse()
  @ApiErrors(401, 403, 404, 409)
  async withdraw(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Param('body') body: string): Promise<void> {
    await this.editions.withdraw(actor, edition, body);
  }

  @Get(':edition/participants')
  @ApiOperation({ summary: 'Participating bodies (admin)' })
  @ApiOkResponse({ type: ParticipantDto, isArray: true })
  @ApiErrors(401, 403, 404)
  participants(@CurrentActor() actor: Actor, @Param('edition') edition: string): Promise<ParticipantView[]> {
    return this.editions.participants(actor, edition);
  }

  @Post(':edition/assignments')
  @ApiOperation({ summary: 'Assign verifiers (questionnaire stages) and jurors (panel stages) to bodies (admin); audited' })
  @ApiBody({ type: AssignmentDto, isArray: true })
  @ApiCreatedResponse({ type: AssignmentViewDto, isArray: true })
  @ApiErrors(400, 401, 403, 404)
  assign(
    @CurrentActor() actor: Actor,
    @Param('edition') edition: string,
    @Body(new ArrayBodyPipe(AssignmentDto, { min: 1, max: 10000 })) items: AssignmentDto[],
  ): Promise<AssignmentView[]> {
    return this.editions.assign(actor, edition, items);
  }

  @Delete(':edition/assignments/:stage/:username/:body')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove one assignment, until its assessor decided, completed, ruled or scored for that body (409 then) (admin); audited' })
  @ApiNoContentResponse()
  @ApiErrors(401, 403, 404, 409)
  async unassign(
    @CurrentActor() actor: Actor,
    @Param('edition') edition: string,
    @Param('stage') stage: string,
    @Param('username') username: string,
    @Param('body') body: string,
  ): Promise<void> {
    await this.editions.unassign(actor, edition, stage, username, body);
  }

  @Get(':edition/assignments')
  @ApiOperation({ summary: 'Assignments: all of them for an admin, one\'s own for a verifier or juror' })
  @ApiOkResponse({ type: AssignmentViewDto, isArray: true })
  @ApiErrors(401, 403, 404)
  assignments(@CurrentActor() actor: Actor, @Param('edition') edition: string): Promise<AssignmentView[]> {
    return this.editions.assignments(actor, edition);
  }

  @Post(':edition/extensions')
  @ApiOperation({ summary: 'Grant one body a later deadline for a stage\'s window, with the reason (admin); audited' })
  @ApiCreatedResponse({ type: ExtensionViewDto })
  @ApiErrors(400, 401, 403, 404)
  extend(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Body() dto: GrantExtensionDto): Promise<ExtensionView> {
    return this.editions.extend(actor, edition, dto);
  }

  @Get(':edition/extensions')
  @ApiOperation({ summary: 'Extensions granted in an edition (admin)' })
  @ApiOkResponse({ type: ExtensionViewDto, isArray: true })
  @ApiErrors(401, 403, 404)
  extensions(@CurrentActor() actor: Actor, @Param('edition') edition: string): Promise<ExtensionView[]> {
    return this.editions.extensions(actor, edition);
  }
}
