import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { passwordProblem } from '../auth/password-rule';
import { hashPassword } from '../auth/password';
import { BodiesRepository } from '../bodies/bodies.repository';
import { Body } from '../bodies/body.entity';
import { Actor } from '../common/actor';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors';
import { Commission } from '../commissions/commission.entity';
import { UnitOfWork } from '../database/unit-of-work';
import { EditionsRepository } from '../editions/editions.repository';
import { EndReason, SessionsService } from '../sessions/sessions.service';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto } from './dto/create-user.dto';
import { PERAN, User } from './user.entity';
import { UsersRepository, UserView } from './users.repository';

export type { UserView } from './users.repository';

/**
 * Accounts: admins create, list, rename, re-role, disable and reset the users of their
 * commission (an admin of every commission: of any). A role change, a disable and a reset end
 * the user's sessions at once; every change is audited under the user's commission.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly repository: UsersRepository,
    private readonly bodies: BodiesRepository,
    private readonly editions: EditionsRepository,
    private readonly sessions: SessionsService,
  ) {}

  async create(actor: Actor, dto: CreateUserDto): Promise<UserView> {
    const commission = await this.access.requireAdminScope(actor, 'user.manage', dto.commission);
    if (!commission && dto.role === 'body') throw new InvalidInputError([{ field: 'commission', message: 'required for a body user', text: 'wajib diisi untuk pengguna badan publik' }]);
    const passwordHash = await hashPassword(dto.password);
    return this.uow.write(async (manager) => {
      const body = await this.bodyFor(manager, dto, commission);
      if (await this.repository.exists(manager, dto.username)) {
        throw new ConflictError('conflict.duplicate', { en: `username "${dto.username}" is taken`, id: `nama pengguna "${dto.username}" sudah dipakai` });
      }
      await this.repository.insert(manager, {
        username: dto.username,
        passwordHash,
        role: dto.role,
        name: dto.name ?? null,
        commissionId: commission?.id ?? null,
        bodyId: body?.id ?? null,
      });
      const view = (await this.repository.view(manager, dto.username))!;
      await this.audit.record(manager, {
        actor: actor.username, action: 'user.create', editionId: null, commissionId: commission?.id ?? null, bodyCode: body?.code ?? null, subject: `user ${dto.username}`,
        before: null, after: { username: view.username, role: view.role, name: view.name, commission: view.commission, body: view.body },
      });
      return view;
    });
  }

  /** The users within the admin's scope (its commission's; everyone's or one commission's for an admin of every commission), optionally of one role. */
  async list(actor: Actor, query: ListUsersQueryDto = {}): Promise<UserView[]> {
    const commission = await this.access.requireAdminScope(actor, 'user.manage', query.commission);
    return this.repository.list(this.dataSource.manager, { commissionId: commission?.id ?? null, role: query.role });
  }

  /**
   * Renames, re-roles, disables or enables a user. A role change or a disable ends its sessions
   * at once. A body user stays a body user; an admin changes neither its own role nor its own
   * access; a verifier or juror changes role only without assignments.
   */
  async update(actor: Actor, username: string, dto: UpdateUserDto): Promise<UserView> {
    const { user: target } = await this.access.requireUser(actor, 'user.manage', username);
    if (dto.name === undefined && dto.role === undefined && dto.disabled === undefined) {
      throw new InvalidInputError([{ field: '(body)', message: 'give at least one of name, role, disabled', text: 'isi paling tidak salah satu dari name, role, disabled' }]);
    }
    const roleChanges = dto.role !== undefined && dto.role !== target.role;
    if (roleChanges && (dto.role === 'body' || target.role === 'body')) {
      throw new InvalidInputError([{
        field: 'role',
        message: 'a body user stays a body user, and no other account becomes one: create a new account instead',
        text: 'pengguna badan publik tetap pengguna badan publik, dan akun lain tidak bisa menjadi pengguna badan publik: buat akun baru',
      }]);
    }
    if (target.id === actor.id && (roleChanges || dto.disabled === true)) {
      throw new ConflictError('user.self_change', {
        en: 'an admin changes neither its own role nor disables itself: another admin does that',
        id: 'admin tidak mengubah perannya sendiri dan tidak menonaktifkan dirinya sendiri: admin lain yang melakukannya',
      });
    }
    return this.uow.write(async (manager) => {
      const user = await this.locked(manager, target.id, username);
      const entry = { actor: actor.username, editionId: null, commissionId: user.commissionId, bodyCode: null, subject: `user ${user.username}` };
      if (dto.name !== undefined && dto.name !== user.name) {
        await this.repository.update(manager, user.id, { name: dto.name });
        await this.audit.record(manager, { ...entry, action: 'user.name', before: { name: user.name }, after: { name: dto.name } });
      }
      if (dto.role !== undefined && dto.role !== user.role) {
        const assignments = await this.editions.assignmentCount(manager, user.id);
        if (assignments > 0) {
          throw new ConflictError('user.has_assignments', {
            en: `"${user.username}" has ${assignments} assignment${assignments === 1 ? '' : 's'} as ${user.role}: remove them before changing its role`,
            id: `"${user.username}" punya ${assignments} penugasan sebagai ${PERAN[user.role]}: hapus dulu penugasannya sebelum mengubah perannya`,
          });
        }
        await this.repository.update(manager, user.id, { role: dto.role });
        await this.endSessions(manager, user, 'role');
        await this.audit.record(manager, { ...entry, action: 'user.role', before: { role: user.role }, after: { role: dto.role, sessionsEnded: true } });
      }
      if (dto.disabled !== undefined && dto.disabled !== user.disabled) {
        await this.repository.update(manager, user.id, { disabled: dto.disabled });
        if (dto.disabled) await this.endSessions(manager, user, 'disabled');
        await this.audit.record(manager, {
          ...entry, action: dto.disabled ? 'user.disable' : 'user.enable', before: { disabled: user.disabled }, after: { disabled: dto.disabled, ...(dto.disabled ? { sessionsEnded: true } : {}) },
        });
      }
      return (await this.repository.view(manager, user.username))!;
    });
  }

  /**
   * A temporary password an admin gives a user (who forgot theirs): its sessions end, and until
   * the user changes it every route but auth/* answers 403.
   */
  async resetPassword(actor: Actor, username: string, password: string): Promise<UserView> {
    const { user } = await this.access.requireUser(actor, 'user.manage', username);
    return this.storePassword(actor, user, password, { temporary: true, action: 'user.password.reset', because: 'reset' });
  }

  /**
   * A password set from the server's command line (`users set-password`, e.g. for jurors imported
   * from a fixture, who have none): permanent unless `temporary`; the user's sessions end.
   */
  async setPassword(actor: Actor, username: string, password: string, temporary = false): Promise<UserView> {
    const { user } = await this.access.requireUser(actor, 'user.manage', username);
    return this.storePassword(actor, user, password, { temporary, action: 'user.password.set', because: 'password' });
  }

  private async storePassword(actor: Actor, target: User, password: string, how: { temporary: boolean; action: string; because: EndReason }): Promise<UserView> {
    const problem = passwordProblem(password);
    if (problem) throw new InvalidInputError([{ field: 'password', message: problem.en, text: problem.id }]);
    const passwordHash = await hashPassword(password);
    return this.uow.write(async (manager) => {
      const user = await this.locked(manager, target.id, target.username);
      await this.repository.update(manager, user.id, { passwordHash, mustChangePassword: how.temporary });
      await this.endSessions(manager, user, how.because);
      await this.audit.record(manager, {
        actor: actor.username, action: how.action, editionId: null, commissionId: user.commissionId, bodyCode: null, subject: `user ${user.username}`,
        before: { passwordSet: user.passwordHash !== null }, after: { temporary: how.temporary, sessionsEnded: true },
      });
      return (await this.repository.view(manager, user.username))!;
    });
  }

  /** The user, locked for the write that decides on it (it may have been removed since the check). */
  private async locked(manager: EntityManager, id: number, username: string): Promise<User> {
    const user = await this.repository.byUsernameLocked(manager, username);
    if (!user || user.id !== id) throw new NotFoundError('user', username);
    return user;
  }

  private endSessions(manager: EntityManager, user: User, because: EndReason): Promise<void> {
    return this.sessions.endAllOf(manager, user.id, because);
  }

  private async bodyFor(manager: EntityManager, dto: CreateUserDto, commission: Commission | null): Promise<Body | null> {
    if (dto.role !== 'body') {
      if (dto.body !== undefined) {
        throw new InvalidInputError([
          { field: 'body', message: `only a body user names a body (role is ${dto.role})`, text: `hanya pengguna badan publik yang menyebut badan publik (perannya ${PERAN[dto.role]})` },
        ]);
      }
      return null;
    }
    if (dto.body === undefined) throw new InvalidInputError([{ field: 'body', message: 'required for a body user', text: 'wajib diisi untuk pengguna badan publik' }]);
    const body = await this.bodies.byCode(manager, commission!.id, dto.body);
    if (!body) {
      throw new InvalidInputError([
        { field: 'body', message: `unknown body "${dto.body}" in commission "${commission!.code}"`, text: `badan publik "${dto.body}" tidak dikenal di komisi "${commission!.code}"` },
      ]);
    }
    return body;
  }
}
