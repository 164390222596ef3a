import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsPassword, PASSWORD_MAX, PASSWORD_MIN } from '../password-rule';

export class ChangePasswordDto {
  @ApiProperty({ format: 'password', description: 'the password the caller logged in with (a temporary one included)' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword!: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, description: `${PASSWORD_MIN} to ${PASSWORD_MAX} characters, any characters` })
  @IsPassword()
  newPassword!: string;
}

export class SetPasswordDto {
  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, description: `a temporary password: ${PASSWORD_MIN} to ${PASSWORD_MAX} characters, any characters` })
  @IsPassword()
  password!: string;
}
