import { Body, Controller, Get, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { NotFoundError } from '../common/errors';
import { InstrumentDef } from '../scoring';
import { InstrumentDefinitionDto, InstrumentSummaryDto, StoredInstrumentDto } from './dto/instrument.dto';
import { InstrumentsService } from './instruments.service';

@ApiTags('instruments')
@ApiBearerAuth()
@Controller('instruments')
export class InstrumentsController {
  constructor(private readonly instruments: InstrumentsService) {}

  @Post()
  @ApiOperation({ summary: 'Store a questionnaire or rubric (admin). Immutable: the same id and version with other content is 409; the same content again is 200' })
  @ApiBody({ type: InstrumentDefinitionDto })
  @ApiCreatedResponse({ type: StoredInstrumentDto })
  @ApiOkResponse({ type: StoredInstrumentDto, description: 'already stored with exactly this content' })
  @ApiErrors(400, 401, 403, 409)
  async store(@CurrentActor() actor: Actor, @Body() definition: Record<string, unknown>, @Res({ passthrough: true }) response: { status(code: number): unknown }): Promise<StoredInstrumentDto> {
    const stored = await this.instruments.create(actor, definition);
    response.status(stored.created ? 201 : 200);
    return stored;
  }

  @Get()
  @ApiOperation({ summary: 'Stored instruments' })
  @ApiOkResponse({ type: InstrumentSummaryDto, isArray: true })
  @ApiErrors(401)
  list(@CurrentActor() actor: Actor): Promise<InstrumentSummaryDto[]> {
    return this.instruments.list(actor);
  }

  @Get(':id/:version')
  @ApiOperation({ summary: 'One instrument\'s full definition' })
  @ApiOkResponse({ type: InstrumentDefinitionDto })
  @ApiErrors(401, 404)
  get(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('version', new ParseIntPipe({ exceptionFactory: () => new NotFoundError('instrumentVersion', '(not a number)') })) version: number,
  ): Promise<InstrumentDef> {
    return this.instruments.definition(actor, { id, version });
  }
}
