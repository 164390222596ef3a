import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/password';
import { BodiesRepository } from '../bodies/bodies.repository';
import { Body } from '../bodies/body.entity';
import { AccessService } from '../access/access.service';
import { Actor, systemActor } from '../common/actor';
import { APP_CONFIG, AppConfig } from '../common/config';
import { ConflictError, InvalidInputError } from '../common/errors';
import { Commission } from '../commissions/commission.entity';
import { UnitOfWork } from '../database/unit-of-work';
import { CreateUserDto } from './dto/create-user.dto';
import { UsersRepository, UserView } from './users.repository';

export type { UserView } from './users.repository';

/** Accounts: admins create verifiers, jurors and body users (and admins) within their scope. */
@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly repository: UsersRepository,
    private readonly bodies: BodiesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The first admin, from MONEV_ADMIN_USERNAME / MONEV_ADMIN_PASSWORD; an existing account is
   * left as it is. Start-up says which, and says so when there is no admin and none is configured.
   * Not actor-facing: the server runs it at start-up, before anyone can log in, and the audit
   * records it as the system actor `system:bootstrap`.
   */
  async onApplicationBootstrap(): Promise<void> {
    const { adminUsername, adminPassword } = this.config;
    if (!adminUsername || !adminPassword) return this.warnWithoutAdmin();
    const passwordHash = await hashPassword(adminPassword);
    const created = await this.uow.write(async (manager) => {
      if (await this.repository.exists(manager, adminUsername)) return false;
      await this.repository.insert(manager, { username: adminUsername, passwordHash, role: 'admin', name: null, commissionId: null, bodyId: null });
      await this.audit.record(manager, {
        actor: systemActor('bootstrap').username, action: 'user.create', editionId: null, bodyCode: null, subject: `user ${adminUsername}`,
        before: null, after: { username: adminUsername, role: 'admin', commission: null, body: null },
      });
      return true;
    });
    if (created) this.logger.log(`created the first admin "${adminUsername}" (every commission)`);
    else this.logger.log(`user "${adminUsername}" (MONEV_ADMIN_USERNAME) exists: left unchanged, its password too (MONEV_ADMIN_PASSWORD only sets the password of the admin it creates)`);
  }

  private async warnWithoutAdmin(): Promise<void> {
    if (await this.repository.anyAdmin(this.dataSource.manager)) return;
    this.logger.warn('no admin account exists and MONEV_ADMIN_USERNAME / MONEV_ADMIN_PASSWORD are not set: nobody can create commissions or users; set both and restart to create the first admin');
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<UserView> {
    const commission = await this.access.requireAdminScope(actor, 'user.manage', dto.commission);
    if (!commission && dto.role === 'body') throw new InvalidInputError([{ field: 'commission', message: 'required for a body user' }]);
    const passwordHash = await hashPassword(dto.password);
    return this.uow.write(async (manager) => {
      const body = await this.bodyFor(manager, dto, commission);
      if (await this.repository.exists(manager, dto.username)) throw new ConflictError(`username "${dto.username}" is taken`);
      await this.repository.insert(manager, {
        username: dto.username,
        passwordHash,
        role: dto.role,
        name: dto.name ?? null,
        commissionId: commission?.id ?? null,
        bodyId: body?.id ?? null,
      });
      const view: UserView = { username: dto.username, role: dto.role, name: dto.name ?? null, commission: commission?.code ?? null, body: body?.code ?? null };
      await this.audit.record(manager, {
        actor: actor.username, action: 'user.create', editionId: null, bodyCode: body?.code ?? null, subject: `user ${dto.username}`,
        before: null, after: { ...view },
      });
      return view;
    });
  }

  /** The users within the admin's scope: its commission's, or everyone for an admin of every commission. */
  async list(actor: Actor): Promise<UserView[]> {
    this.access.requireRole(actor, 'user.manage');
    return this.repository.list(this.dataSource.manager, actor.commissionId);
  }

  private async bodyFor(manager: EntityManager, dto: CreateUserDto, commission: Commission | null): Promise<Body | null> {
    if (dto.role !== 'body') {
      if (dto.body !== undefined) throw new InvalidInputError([{ field: 'body', message: `only a body user names a body (role is ${dto.role})` }]);
      return null;
    }
    if (dto.body === undefined) throw new InvalidInputError([{ field: 'body', message: 'required for a body user' }]);
    const body = await this.bodies.byCode(manager, commission!.id, dto.body);
    if (!body) throw new InvalidInputError([{ field: 'body', message: `unknown body "${dto.body}" in commission "${commission!.code}"` }]);
    return body;
  }
}
