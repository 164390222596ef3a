import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCode } from '../../common/codes';
import { inIndonesian } from '../../common/validation-options';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'commission code (an admin of one commission may name only its own)' })
  @IsOptional()
  @IsCode()
  commission?: string;

  @ApiPropertyOptional({ description: 'entries about this user, or made by it' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  user?: string;

  @ApiPropertyOptional({ example: 'login', description: 'an action (user.role) or a family of actions (login: login.failure, login.lockout)' })
  @IsOptional()
  @Matches(/^[a-z][a-z.]{0,63}$/, {
    message: '$property must be an action such as user.role, or a family such as login',
    ...inIndonesian('harus berupa tindakan seperti user.role, atau kelompok seperti login'),
  })
  action?: string;

  @ApiPropertyOptional({ description: 'entries older than this id: the next page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  before?: number;

  @ApiPropertyOptional({ description: 'at most this many entries, newest first (default 200)', maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
