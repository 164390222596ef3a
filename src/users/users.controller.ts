import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SetPasswordDto } from '../auth/dto/password.dto';
import { Actor, CurrentActor } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserDto } from './dto/create-user.dto';
import { UsersService, UserView } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user (admin; an admin of one commission creates users only in it)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiErrors(400, 401, 403, 409)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Users within the admin\'s scope, optionally of one role or commission, with disabled and lastLoginAt' })
  @ApiOkResponse({ type: UserDto, isArray: true })
  @ApiErrors(400, 401, 403, 404)
  list(@CurrentActor() actor: Actor, @Query() query: ListUsersQueryDto): Promise<UserView[]> {
    return this.users.list(actor, query);
  }

  @Patch(':username')
  @ApiOperation({ summary: 'Rename, re-role, disable or enable a user of the admin\'s commission; a role change or a disable ends its sessions at once; audited' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(400, 401, 403, 404, 409)
  update(@CurrentActor() actor: Actor, @Param('username') username: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.users.update(actor, username, dto);
  }

  @Post(':username/password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a user of the admin\'s commission a temporary password: its sessions end, and until it changes the password every route but auth/* answers 403; audited' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(400, 401, 403, 404)
  resetPassword(@CurrentActor() actor: Actor, @Param('username') username: string, @Body() dto: SetPasswordDto): Promise<UserView> {
    return this.users.resetPassword(actor, username, dto.password);
  }
}
