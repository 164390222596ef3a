import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BodiesController } from './bodies.controller';
import { BodiesService } from './bodies.service';

@Module({
  imports: [AuditModule],
  controllers: [BodiesController],
  providers: [BodiesService],
})
export class BodiesModule {}
