import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { CommissionDto, CreateCommissionDto } from './dto/create-commission.dto';
import { CommissionsService, CommissionView } from './commissions.service';

@ApiTags('commissions')
@ApiBearerAuth()
@Controller('commissions')
export class CommissionsController {
  constructor(private readonly commissions: CommissionsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a commission (admin of every commission)' })
  @ApiCreatedResponse({ type: CommissionDto })
  @ApiErrors(400, 401, 403, 409)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCommissionDto): Promise<CommissionView> {
    return this.commissions.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Commissions within the admin\'s scope' })
  @ApiOkResponse({ type: CommissionDto, isArray: true })
  @ApiErrors(401, 403)
  list(@CurrentActor() actor: Actor): Promise<CommissionView[]> {
    return this.commissions.list(actor);
  }
}
