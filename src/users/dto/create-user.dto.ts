import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsCode } from '../../common/codes';
import { IsName, IsUsername } from '../../common/text';
import { ROLES } from '../user.entity';
import type { Role } from '../user.entity';

export class CreateUserDto {
  @ApiProperty({ example: 'verifikator1', description: 'letters, digits, ".", "_", "@" or "-"' })
  @IsUsername()
  username!: string;

  @ApiProperty({ minLength: 10, format: 'password' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
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

export class UserDto {
  @ApiProperty() username!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: String }) commission!: string | null;
  @ApiProperty({ nullable: true, type: String }) body!: string | null;
}
