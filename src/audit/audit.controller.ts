import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { AuditEntryDto } from './dto/audit-entry.dto';
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
