import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../common/config';
import { ConfigModule } from '../common/config.module';
import { ENTITIES } from './entities';
import { sqliteOptions } from './data-source';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [ConfigModule],
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ ...sqliteOptions(config.dbPath), migrationsRun: true }),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  providers: [{ provide: UnitOfWork, inject: [DataSource], useFactory: (ds: DataSource) => new UnitOfWork(ds) }],
  exports: [TypeOrmModule, UnitOfWork],
})
export class DatabaseModule {}
