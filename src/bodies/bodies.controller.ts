import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { ArrayBodyPipe } from '../common/validation-options';
import { BodyDto, RegisterBodyDto } from './dto/register-body.dto';
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

  @Get()
  @ApiOperation({ summary: 'Bodies registered in a commission (admin of the commission)' })
  @ApiOkResponse({ type: BodyDto, isArray: true })
  @ApiErrors(401, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('commission') commission: string): Promise<BodyView[]> {
    return this.bodies.list(actor, commission);
  }
}
