import { Body, Controller, Get, HttpCode, Ip, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Public } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { AccountRoute, AuthenticatedRequest } from './auth.guard';
import { LoginDto, LoginResponseDto, UserSummaryDto } from './dto/login.dto';
import { ChangePasswordDto } from './dto/password.dto';
import { AuthService, LoginResult, UserSummary } from './auth.service';

@ApiTags('auth')
@Controller('auth')
@AccountRoute()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in. Each attempt is counted before the password is checked: 5 failures per username and address, 20 per username and 100 per address in 15 minutes, then 429 with Retry-After' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiErrors(400, 401, 429)
  login(@Body() dto: LoginDto, @Ip() address: string): Promise<LoginResult> {
    return this.auth.login(dto.username, dto.password, address);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The logged-in user' })
  @ApiOkResponse({ type: UserSummaryDto })
  @ApiErrors(401)
  me(@CurrentActor() actor: Actor): Promise<UserSummary> {
    return this.auth.me(actor);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this login: the token answers 401 from now on (other logins of the user stay)' })
  @ApiNoContentResponse()
  @ApiErrors(401)
  async logout(@CurrentActor() actor: Actor, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.auth.logout(actor, request.sessionId!);
  }

  @Post('password')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change one\'s password (12–128 characters): every earlier token and session of the user ends; answers a new token' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiErrors(400, 401, 429)
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto, @Ip() address: string): Promise<LoginResult> {
    return this.auth.changePassword(actor, dto, address);
  }
}
