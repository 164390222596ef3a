import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { EditionsController } from './editions.controller';
import { EditionsService } from './editions.service';

@Module({
  imports: [AuditModule],
  controllers: [EditionsController],
  providers: [EditionsService],
})
export class EditionsModule {}
