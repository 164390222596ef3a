import { Global, Logger, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../common/config';
import { UnitOfWork } from '../database/unit-of-work';
import { SecretKeys, SecretName, describeSecret, resolveSecrets } from './secret-keys';
import { SecretsRepository } from './secrets.repository';

/**
 * The keys of the service (SPEC §16 "Secrets"): `SecretKeys` for whoever signs tokens or
 * certificate codes, resolved once at start-up — before anything listens — and said in one
 * line per key.
 */
@Global()
@Module({
  providers: [
    SecretsRepository,
    {
      provide: SecretKeys,
      inject: [DataSource, UnitOfWork, SecretsRepository, APP_CONFIG, Clock],
      useFactory: async (dataSource: DataSource, uow: UnitOfWork, repository: SecretsRepository, config: AppConfig, clock: Clock) => {
        const { keys, origins } = await resolveSecrets(dataSource, uow, repository, config.configuredSecrets, () => clock.now());
        const logger = new Logger('Secrets');
        for (const name of Object.keys(origins) as SecretName[]) logger.log(describeSecret(name, origins[name]));
        return keys;
      },
    },
  ],
  exports: [SecretKeys],
})
export class SecretsModule {}
