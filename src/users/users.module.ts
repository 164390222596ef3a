import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BodiesModule } from '../bodies/bodies.module';
import { EditionsRepository } from '../editions/editions.repository';
import { SessionsModule } from '../sessions/sessions.module';
import { FirstAdminService } from './first-admin.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  // EditionsRepository (stateless) for the assignments a role change checks; EditionsModule imports this one
  imports: [AuditModule, BodiesModule, SessionsModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, FirstAdminService, EditionsRepository],
  exports: [UsersRepository, UsersService],
})
export class UsersModule {}
