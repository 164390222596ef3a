import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { EditionsRepository } from '../editions/editions.repository';
import { BodiesController } from './bodies.controller';
import { BodiesRepository } from './bodies.repository';
import { BodiesService } from './bodies.service';

@Module({
  // EditionsRepository (stateless) for the editions and publications a category change checks; EditionsModule imports this one
  imports: [AuditModule],
  controllers: [BodiesController],
  providers: [BodiesRepository, BodiesService, EditionsRepository],
  exports: [BodiesRepository],
})
export class BodiesModule {}
