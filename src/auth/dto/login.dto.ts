import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsText } from '../../common/text';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsText({ kind: 'code' })
  username!: string;

  @ApiProperty({ example: 'a-long-secret-password', format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

export class UserSummaryDto {
  @ApiProperty({ example: 'ppid-a' }) username!: string;
  @ApiProperty({ enum: ['admin', 'verifier', 'juror', 'body'] }) role!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'commission code; null for an admin of every commission' }) commission!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'body code of a body user' }) body!: string | null;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'send as Authorization: Bearer <accessToken>' }) accessToken!: string;
  @ApiProperty({ description: 'seconds until the token expires', example: 28800 }) expiresIn!: number;
  @ApiProperty({ description: 'the password is a temporary one an admin set: every route but auth/* answers 403 until POST /api/auth/password changes it' })
  mustChangePassword!: boolean;
  @ApiProperty({ type: UserSummaryDto }) user!: UserSummaryDto;
}
