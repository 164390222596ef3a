import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BodiesModule } from '../bodies/bodies.module';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [AuditModule, BodiesModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService],
  exports: [UsersRepository],
})
export class UsersModule {}
