import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { ArrayBodyPipe } from '../common/validation-options';
import { BodyDto, RegisterBodyDto, UpdateBodyDto } from './dto/register-body.dto';
import { BodiesService, BodyView } from './bodies.service';

@ApiTags('bodies')
@ApiBearerAuth()
@Controller('commissions/:commission/bodies')
export class BodiesController {
  constructor(private readonly bodies: BodiesService) {}

  @Post()
  @ApiOperation({ summary: 'Register bodies in bulk (admin of the commission); all or none' })
  @ApiBody({ type: RegisterBodyDto, isArray: true })
  @ApiCreatedResponse({ type: BodyDto, isArray: true })
  @ApiErrors(400, 401, 403, 404, 409)
  register(
    @CurrentActor() actor: Actor,
    @Param('commission') commission: string,
    @Body(new ArrayBodyPipe(RegisterBodyDto, { min: 1, max: 5000 })) bodies: RegisterBodyDto[],
  ): Promise<BodyView[]> {
    return this.bodies.register(actor, commission, bodies);
  }

  @Patch(':body')
  @ApiOperation({ summary: 'Correct a body\'s name or category (admin of the commission); the category only until its first publication; publications keep the names they froze; audited' })
  @ApiOkResponse({ type: BodyDto })
  @ApiErrors(400, 401, 403, 404, 409)
  update(@CurrentActor() actor: Actor, @Param('commission') commission: string, @Param('body') body: string, @Body() dto: UpdateBodyDto): Promise<BodyView> {
    return this.bodies.update(actor, commission, body, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Bodies registered in a commission (admin of the commission)' })
  @ApiOkResponse({ type: BodyDto, isArray: true })
  @ApiErrors(401, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('commission') commission: string): Promise<BodyView[]> {
    return this.bodies.list(actor, commission);
  }
}
