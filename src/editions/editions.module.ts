import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BodiesModule } from '../bodies/bodies.module';
import { CommissionsModule } from '../commissions/commissions.module';
import { InstrumentsModule } from '../instruments/instruments.module';
import { UsersModule } from '../users/users.module';
import { EditionsController } from './editions.controller';
import { EditionsRepository } from './editions.repository';
import { EditionsService } from './editions.service';

@Module({
  imports: [AuditModule, BodiesModule, CommissionsModule, InstrumentsModule, UsersModule],
  controllers: [EditionsController],
  providers: [EditionsRepository, EditionsService],
  exports: [EditionsRepository, EditionsService],
})
export class EditionsModule {}
