import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BodiesController } from './bodies.controller';
import { BodiesRepository } from './bodies.repository';
import { BodiesService } from './bodies.service';

@Module({
  imports: [AuditModule],
  controllers: [BodiesController],
  providers: [BodiesRepository, BodiesService],
  exports: [BodiesRepository],
})
export class BodiesModule {}
