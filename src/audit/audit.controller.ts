import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { AccountAuditEntryDto, AuditEntryDto } from './dto/audit-entry.dto';
import { AuditQueryDto } from './dto/audit-query.dto';
import { AuditEntryView, AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('editions/:edition/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'The audit trail of an edition (admin): who changed what, when, before and after' })
  @ApiQuery({ name: 'body', required: false, description: 'only the entries about this body code' })
  @ApiOkResponse({ type: AuditEntryDto, isArray: true })
  @ApiErrors(401, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Query('body') body?: string): Promise<AuditEntryView[]> {
    return this.audit.list(actor, edition, body || undefined);
  }
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AccountAuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'The audit trail outside editions (admin of the commission): users, bodies, commissions, failed logins and lockouts, newest first' })
  @ApiOkResponse({ type: AccountAuditEntryDto, isArray: true })
  @ApiErrors(400, 401, 403, 404)
  list(@CurrentActor() actor: Actor, @Query() query: AuditQueryDto): Promise<AuditEntryView[]> {
    return this.audit.listOutsideEditions(actor, query);
  }
}
