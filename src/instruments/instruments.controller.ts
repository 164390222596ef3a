import { Body, Controller, Get, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessService } from '../access/access.service';
import { Actor, CurrentActor } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { NotFoundError } from '../common/errors';
import { UnitOfWork } from '../database/unit-of-work';
import { instrumentFromRequest } from '../editions/definition-input';
import { InstrumentDef } from '../scoring';
import { InstrumentDefinitionDto, InstrumentSummaryDto, StoredInstrumentDto } from './dto/instrument.dto';
import { Instrument } from './instrument.entity';
import { InstrumentsService } from './instruments.service';

const summary = (i: Instrument): InstrumentSummaryDto => ({ id: i.instrumentId, version: i.version, kind: i.kind, title: i.title });

/**
 * Instruments over HTTP. The storage service is shared with the CLI (no caller there), so the
 * access check of each request is the first line here.
 */
@ApiTags('instruments')
@ApiBearerAuth()
@Controller('instruments')
export class InstrumentsController {
  constructor(
    private readonly instruments: InstrumentsService,
    private readonly access: AccessService,
    private readonly uow: UnitOfWork,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Store a questionnaire or rubric (admin). Immutable: the same id and version with other content is 409; the same content again is 200' })
  @ApiBody({ type: InstrumentDefinitionDto })
  @ApiCreatedResponse({ type: StoredInstrumentDto })
  @ApiOkResponse({ type: StoredInstrumentDto, description: 'already stored with exactly this content' })
  @ApiErrors(400, 401, 403, 409)
  async store(@CurrentActor() actor: Actor, @Body() definition: Record<string, unknown>, @Res({ passthrough: true }) response: { status(code: number): unknown }): Promise<StoredInstrumentDto> {
    this.access.requireRole(actor, 'instrument.create');
    const def = instrumentFromRequest(definition);
    const { instrument, created } = await this.uow.write((manager) => this.instruments.store(def, 'request body', manager, actor.username));
    response.status(created ? 201 : 200);
    return { ...summary(instrument), created };
  }

  @Get()
  @ApiOperation({ summary: 'Stored instruments' })
  @ApiOkResponse({ type: InstrumentSummaryDto, isArray: true })
  @ApiErrors(401)
  async list(@CurrentActor() actor: Actor): Promise<InstrumentSummaryDto[]> {
    this.access.requireRole(actor, 'instrument.read');
    return (await this.instruments.list()).map(summary);
  }

  @Get(':id/:version')
  @ApiOperation({ summary: 'One instrument\'s full definition' })
  @ApiOkResponse({ type: InstrumentDefinitionDto })
  @ApiErrors(401, 404)
  async get(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('version', new ParseIntPipe({ exceptionFactory: () => new NotFoundError('instrument version', '(not a number)') })) version: number,
  ): Promise<InstrumentDef> {
    this.access.requireRole(actor, 'instrument.read');
    return this.instruments.requireDef({ id, version });
  }
}
