import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/password';
import { systemActor } from '../common/actor';
import { APP_CONFIG, AppConfig } from '../common/config';
import { UnitOfWork } from '../database/unit-of-work';
import { UsersRepository } from './users.repository';

/**
 * The first admin of a deployment, from MONEV_ADMIN_USERNAME / MONEV_ADMIN_PASSWORD, when that
 * account does not exist; an existing account is left as it is, and start-up says so in one
 * line, as it says when there is no admin at all and none is configured. Only the API server
 * runs it (UsersModule); the CLI does not create accounts behind the operator's back.
 */
@Injectable()
export class FirstAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly repository: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Not actor-facing: Nest runs it at start-up, before anyone can log in; the audit records `system:bootstrap`. */
  async onApplicationBootstrap(): Promise<void> {
    const { adminUsername, adminPassword } = this.config;
    if (!adminUsername || !adminPassword) {
      if (!(await this.repository.anyAdmin(this.dataSource.manager))) {
        this.logger.warn('no admin exists and MONEV_ADMIN_USERNAME / MONEV_ADMIN_PASSWORD are not set: nobody can log in to manage this service; set both and restart');
      }
      return;
    }
    if (await this.repository.exists(this.dataSource.manager, adminUsername)) {
      this.logger.log(`the admin "${adminUsername}" exists: its password was left unchanged (MONEV_ADMIN_PASSWORD only creates it; change it with POST /api/auth/password or npm run -s cli -- users set-password ${adminUsername})`);
      return;
    }
    const passwordHash = await hashPassword(adminPassword);
    const created = await this.uow.write(async (manager) => {
      if (await this.repository.exists(manager, adminUsername)) return false;
      await this.repository.insert(manager, { username: adminUsername, passwordHash, role: 'admin', name: null, commissionId: null, bodyId: null });
      await this.audit.record(manager, {
        actor: systemActor('bootstrap').username, action: 'user.create', editionId: null, commissionId: null, bodyCode: null, subject: `user ${adminUsername}`,
        before: null, after: { username: adminUsername, role: 'admin', commission: null, body: null },
      });
      return true;
    });
    if (created) this.logger.log(`created the first admin "${adminUsername}" (every commission)`);
  }
}
