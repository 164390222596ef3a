import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsPassword, PASSWORD_MAX, PASSWORD_MIN } from '../../auth/password-rule';
import { IsCode } from '../../common/codes';
import { IsName, IsUsername } from '../../common/text';
import { ROLES } from '../user.entity';
import type { Role } from '../user.entity';

export class CreateUserDto {
  @ApiProperty({ example: 'verifikator1', description: 'letters, digits, ".", "_", "@" or "-"' })
  @IsUsername()
  username!: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, format: 'password', description: `${PASSWORD_MIN} to ${PASSWORD_MAX} characters, any characters` })
  @IsPassword()
  password!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ example: 'Siti Rahma' })
  @IsOptional()
  @IsName()
  name?: string;

  @ApiPropertyOptional({ description: 'commission code; defaults to the creating admin\'s commission; required for body users of an admin of every commission' })
  @IsOptional()
  @IsCode()
  commission?: string;

  @ApiPropertyOptional({ description: 'body code; required for (and only for) role body' })
  @IsOptional()
  @IsCode()
  body?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Siti Rahma' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES.filter((r) => r !== 'body'), description: 'admin, verifier or juror; a body user stays one. Ends the user\'s sessions at once' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'true: the user cannot log in, and its sessions end at once' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class ListUsersQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'commission code (an admin of one commission may name only its own)' })
  @IsOptional()
  @IsCode()
  commission?: string;
}

export class UserDto {
  @ApiProperty() username!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: String }) commission!: string | null;
  @ApiProperty({ nullable: true, type: String }) body!: string | null;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ description: 'an admin set a temporary password that the user has not changed yet' }) mustChangePassword!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'instant of the last successful login' }) lastLoginAt!: string | null;
}
