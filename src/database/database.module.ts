import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../common/config';
import { ConfigModule } from '../common/config.module';
import { ENTITIES } from './entities';
import { databaseOptions, tuneConnection } from './data-source';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [ConfigModule],
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ ...databaseOptions(config), migrationsRun: true }),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  providers: [
    {
      provide: UnitOfWork,
      inject: [DataSource],
      useFactory: async (dataSource: DataSource) => {
        await tuneConnection(dataSource);
        return new UnitOfWork(dataSource);
      },
    },
  ],
  exports: [TypeOrmModule, UnitOfWork],
})
export class DatabaseModule {}
