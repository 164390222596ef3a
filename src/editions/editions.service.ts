import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { BodiesRepository } from '../bodies/bodies.repository';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { ConflictError, FieldIssue, InvalidInputError, NotFoundError } from '../common/errors';
import { waktuIndonesia } from '../common/indonesian';
import { compareInstants, parseInstant, storedInstant } from '../common/instant';
import { Commission } from '../commissions/commission.entity';
import { CommissionsRepository } from '../commissions/commissions.repository';
import { UnitOfWork } from '../database/unit-of-work';
import { InstrumentsRepository } from '../instruments/instruments.repository';
import { EditionDef, StageDef, TimeWindow } from '../scoring';
import { PERAN } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { editionFromRequest } from './definition-input';
import { AssignmentDto } from './dto/assignment.dto';
import { EnrolParticipantsDto } from './dto/participants.dto';
import { GrantExtensionDto } from './dto/extension.dto';
import { StageWindowsDto } from './dto/stage-windows.dto';
import { stageDef } from './edition-store';
import { Edition } from './edition.entity';
import { AssignmentView, EditionsRepository, ExtensionView, ParticipantView } from './editions.repository';
import { stageWindow, stageWindows, WINDOW_KINDS, windowColumns } from './windows';

export type { AssignmentView, ExtensionView, ParticipantView } from './editions.repository';

/** The definition as it stands, with when it was last computed, how many take part, and its commission's time zone. */
export type EditionView = EditionDef & { computedAt: string | null; participants: number; timeZone: string };

/** A stage kind, and the instrument kind it pins, in Bahasa Indonesia. */
const JENIS: Readonly<Record<string, string>> = { questionnaire: 'kuesioner', rubric: 'rubrik', panel: 'panel' };

function checkWindow(field: string, window: TimeWindow | undefined): FieldIssue[] {
  if (!window) return [];
  const opens = parseInstant(window.opens);
  const closes = parseInstant(window.closes);
  if (!opens.ok) return [{ field: `${field}.opens`, message: opens.message, text: opens.text }];
  if (!closes.ok) return [{ field: `${field}.closes`, message: closes.message, text: closes.text }];
  if (compareInstants(opens.instant, closes.instant) < 0) return [];
  return [{ field: `${field}.closes`, message: `must be after opens (${window.opens})`, text: `harus sesudah waktu buka (${window.opens})` }];
}

/** Editions and what the admin sets up around them: windows, participants, assignments, extensions. */
@Injectable()
export class EditionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly repository: EditionsRepository,
    private readonly commissions: CommissionsRepository,
    private readonly bodies: BodiesRepository,
    private readonly users: UsersRepository,
    private readonly instruments: InstrumentsRepository,
  ) {}

  /** From a SPEC §4 definition; the instruments it pins must be stored already, with the right kinds. */
  async create(actor: Actor, request: unknown): Promise<EditionView> {
    this.access.requireRole(actor, 'edition.create');
    const def = editionFromRequest(request);
    const { commission } = await this.access.requireCommission(actor, 'edition.create', def.commission);
    await this.uow.write(async (manager) => {
      await this.checkInstruments(manager, def.stages);
      if (await this.repository.editionExists(manager, def.code)) {
        throw new ConflictError('conflict.duplicate', { en: `edition "${def.code}" already exists`, id: `edisi "${def.code}" sudah ada` });
      }
      const edition = await this.repository.createEdition(manager, def, commission.id);
      await this.audit.record(manager, {
        actor: actor.username, action: 'edition.create', editionId: edition.id, bodyCode: null, subject: `edition ${def.code}`,
        before: null, after: def,
      });
    });
    return this.get(actor, def.code);
  }

  async get(actor: Actor, code: string): Promise<EditionView> {
    const { edition, commission } = await this.access.requireEdition(actor, 'edition.read', code);
    return this.view(this.dataSource.manager, edition, commission);
  }

  /**
   * The editions the caller can see: an admin its commission's (or all), a body user those its
   * body takes part in, a verifier or juror its commission's and those it is assigned in.
   */
  async list(actor: Actor): Promise<EditionView[]> {
    this.access.requireRole(actor, 'edition.read');
    const manager = this.dataSource.manager;
    let editions: Edition[];
    if (actor.role === 'admin') editions = await this.repository.editionsOfCommission(manager, actor.commissionId);
    else if (actor.role === 'body') editions = actor.bodyId === null ? [] : await this.repository.editionsOfBody(manager, actor.bodyId);
    else editions = await this.repository.editionsOfAssessor(manager, actor.id, actor.commissionId);
    const commissions = new Map((await this.commissions.list(manager)).map((c) => [c.id, c]));
    return Promise.all(editions.map((e) => this.view(manager, e, commissions.get(e.commissionId)!)));
  }

  /** Move a stage's windows; the change is audited with the windows before and after. */
  async moveWindows(actor: Actor, editionCode: string, stageCode: string, dto: StageWindowsDto): Promise<StageDef> {
    const { edition, stage } = await this.access.requireStage(actor, 'edition.manage', editionCode, { code: stageCode });
    const issues = [...checkWindow('window', dto.window), ...checkWindow('verificationWindow', dto.verificationWindow), ...checkWindow('objectionWindow', dto.objectionWindow)];
    if (stage.kind === 'panel') {
      if (dto.verificationWindow) issues.push({ field: 'verificationWindow', message: 'a panel stage has no verification window', text: 'tahap panel tidak punya jendela verifikasi' });
      if (dto.objectionWindow) issues.push({ field: 'objectionWindow', message: 'a panel stage has no objection window', text: 'tahap panel tidak punya masa sanggah' });
    }
    if (!dto.window && !dto.verificationWindow && !dto.objectionWindow) {
      issues.push({
        field: '(body)', message: 'give at least one of window, verificationWindow, objectionWindow', text: 'isi paling tidak salah satu dari window, verificationWindow, objectionWindow',
      });
    }
    if (issues.length) throw new InvalidInputError(issues);
    return this.uow.write(async (manager) => {
      const current = await this.repository.stage(manager, stage.id);
      const before = stageWindows(current);
      for (const kind of WINDOW_KINDS) if (dto[kind]) Object.assign(current, windowColumns(kind, dto[kind]));
      await this.repository.saveStage(manager, current);
      await this.audit.record(manager, {
        actor: actor.username, action: 'stage.windows', editionId: edition.id, bodyCode: null, subject: `stage ${stage.code} windows`,
        before, after: stageWindows(current),
      });
      return stageDef(current);
    });
  }

  /** Enrol registered bodies of the edition's commission; bodies enrolled before are left as they are. */
  async enrol(actor: Actor, editionCode: string, dto: EnrolParticipantsDto): Promise<{ enrolled: string[]; alreadyEnrolled: string[] }> {
    const { edition, commission } = await this.access.requireEdition(actor, 'edition.manage', editionCode);
    return this.uow.write(async (manager) => {
      const codes = [...new Set(dto.bodies)];
      const bodies = await this.bodies.byCodes(manager, commission.id, codes);
      const byCode = new Map(bodies.map((b) => [b.code, b]));
      const categories = new Set(edition.categories.map((c) => c.code));
      const issues: FieldIssue[] = [];
      dto.bodies.forEach((code, i) => {
        const body = byCode.get(code);
        if (!body) {
          issues.push({ field: `bodies[${i}]`, message: `unknown body "${code}" in commission "${commission.code}"`, text: `badan publik "${code}" tidak dikenal di komisi "${commission.code}"` });
        } else if (!categories.has(body.category)) {
          const ranked = [...categories].join(', ');
          issues.push({
            field: `bodies[${i}]`,
            message: `category "${body.category}" of body "${code}" is not ranked in this edition (${ranked})`,
            text: `kategori "${body.category}" dari badan publik "${code}" tidak diperingkat dalam edisi ini (${ranked})`,
          });
        }
      });
      if (issues.length) throw new InvalidInputError(issues);
      const existing = await this.repository.enrolledBodyIds(manager, edition.id, bodies.map((b) => b.id));
      const fresh = bodies.filter((b) => !existing.has(b.id));
      await this.repository.enrol(manager, edition.id, fresh.map((b) => b.id));
      const enrolled = fresh.map((b) => b.code);
      if (enrolled.length) {
        await this.audit.record(manager, {
          actor: actor.username, action: 'participants.enrol', editionId: edition.id, bodyCode: null, subject: `participants of ${edition.code}`,
          before: null, after: { bodies: enrolled },
        });
      }
      return { enrolled, alreadyEnrolled: bodies.filter((b) => existing.has(b.id)).map((b) => b.code) };
    });
  }

  async participants(actor: Actor, editionCode: string): Promise<ParticipantView[]> {
    const { edition } = await this.access.requireEdition(actor, 'edition.manage', editionCode);
    return this.repository.participants(this.dataSource.manager, edition.id);
  }

  /** Verifiers to questionnaire stages, jurors to panel stages, each for one body; repeats are no-ops. */
  async assign(actor: Actor, editionCode: string, items: AssignmentDto[]): Promise<AssignmentView[]> {
    const { edition } = await this.access.requireEdition(actor, 'edition.manage', editionCode);
    return this.uow.write(async (manager) => {
      const stages = new Map((await this.repository.stages(manager, edition.id)).map((s) => [s.code, s]));
      const usernames = [...new Set(items.map((i) => i.username))];
      const users = new Map((await this.users.byUsernames(manager, usernames)).map((u) => [u.username, u]));
      const bodies = await this.repository.participantsByCode(manager, edition, items.map((i) => i.body));
      const issues: FieldIssue[] = [];
      items.forEach((item, i) => {
        const stage = stages.get(item.stage);
        const user = users.get(item.username);
        if (!stage) {
          const known = [...stages.keys()].join(', ');
          issues.push({ field: `[${i}].stage`, message: `unknown stage "${item.stage}" (stages: ${known})`, text: `tahap "${item.stage}" tidak dikenal (tahap yang ada: ${known})` });
        }
        // another commission's accounts are unknown here: neither their names nor their roles are told
        if (!user || (user.commissionId !== null && user.commissionId !== edition.commissionId)) {
          issues.push({ field: `[${i}].username`, message: `unknown user "${item.username}"`, text: `pengguna "${item.username}" tidak dikenal` });
        } else if (stage) {
          const role = stage.kind === 'questionnaire' ? 'verifier' : 'juror';
          if (user.role !== role) {
            issues.push({
              field: `[${i}].username`,
              message: `"${user.username}" is a ${user.role}; stage "${stage.code}" takes a ${role}`,
              text: `"${user.username}" berperan ${PERAN[user.role]}; tahap "${stage.code}" membutuhkan ${PERAN[role]}`,
            });
          }
        }
        if (!bodies.has(item.body)) {
          issues.push({ field: `[${i}].body`, message: `"${item.body}" is not a participant of ${edition.code}`, text: `"${item.body}" bukan peserta ${edition.code}` });
        }
      });
      if (issues.length) throw new InvalidInputError(issues);
      const views: AssignmentView[] = [];
      const seen = new Set<string>();
      for (const item of items) {
        const stage = stages.get(item.stage)!;
        const user = users.get(item.username)!;
        const body = bodies.get(item.body)!;
        const key = `${stage.id}/${user.id}/${body.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        views.push({ stage: stage.code, kind: stage.kind, username: user.username, role: user.role, body: body.code, bodyName: body.name });
        if (await this.repository.assignmentExists(manager, stage.id, user.id, body.id)) continue;
        await this.repository.insertAssignment(manager, { editionId: edition.id, stageId: stage.id, userId: user.id, bodyId: body.id });
        await this.audit.record(manager, {
          actor: actor.username, action: 'assignment.create', editionId: edition.id, bodyCode: body.code, subject: `assignment ${stage.code} ${user.username}`,
          before: null, after: { stage: stage.code, username: user.username, body: body.code },
        });
      }
      return views;
    });
  }

  /**
   * Removes one assignment, until the assessor acted for that body: a verifier that recorded a
   * decision, completed the verification or ruled an objection, a juror with a score sheet
   * (draft, submitted or recused) keeps it (409). Audited.
   */
  async unassign(actor: Actor, editionCode: string, stageCode: string, username: string, bodyCode: string): Promise<void> {
    const { edition, stage, body } = await this.access.requireBody(actor, 'edition.manage', editionCode, bodyCode, { code: stageCode });
    await this.uow.write(async (manager) => {
      const assignment = await this.repository.assignmentOf(manager, stage.id, body.id, username);
      if (!assignment) throw new NotFoundError('assignment', `${stage.code}/${username}/${body.code}`);
      const acts = await this.repository.assessorActs(manager, stage.id, body.id, assignment.userId, assignment.username);
      if (acts.verified || acts.scored) {
        throw new ConflictError('assignment.in_use', {
          en: `${assignment.username} has ${acts.scored ? 'a score sheet for' : 'verified'} body "${body.code}" in stage "${stage.code}": the assignment stays (its work is part of the record)`,
          id: `${assignment.username} sudah ${acts.scored ? 'punya lembar nilai untuk' : 'memverifikasi'} badan publik "${body.code}" pada tahap "${stage.code}": penugasannya tetap (pekerjaannya bagian dari catatan)`,
        });
      }
      await this.repository.deleteAssignment(manager, assignment.id);
      await this.audit.record(manager, {
        actor: actor.username, action: 'assignment.delete', editionId: edition.id, bodyCode: body.code, subject: `assignment ${stage.code} ${assignment.username}`,
        before: { stage: stage.code, username: assignment.username, body: body.code }, after: null,
      });
    });
  }

  /**
   * Removes a participant that has not acted yet — no answer saved, no verification, no panel
   * sheet or absence, never published (409 otherwise) — with its assignments and extensions in
   * the edition. Audited.
   */
  async withdraw(actor: Actor, editionCode: string, bodyCode: string): Promise<void> {
    const { edition, body } = await this.access.requireParticipant(actor, 'edition.manage', editionCode, bodyCode);
    await this.uow.write(async (manager) => {
      const acts = await this.repository.participantActs(manager, edition.id, body.id);
      const done = [
        acts.answers ? { en: `saved ${acts.answers} answer${acts.answers === 1 ? '' : 's'}`, id: `sudah menyimpan ${acts.answers} jawaban` } : null,
        acts.verified ? { en: 'was verified', id: 'sudah diverifikasi' } : null,
        acts.panels ? { en: 'has panel sheets or an absence', id: 'punya lembar nilai panel atau catatan tidak hadir' } : null,
        acts.publications.length ? { en: `was published (version ${acts.publications.join(', ')})`, id: `sudah ditetapkan (versi ${acts.publications.join(', ')})` } : null,
      ].filter((d) => d !== null);
      if (done.length) {
        throw new ConflictError('participant.in_use', {
          en: `body "${body.code}" ${done.map((d) => d.en).join(', ')} in edition "${edition.code}": it stays a participant`,
          id: `badan publik "${body.code}" ${done.map((d) => d.id).join(', ')} dalam edisi "${edition.code}": badan publik itu tetap menjadi peserta`,
        });
      }
      const assignments = await this.repository.participantAssignments(manager, edition.id, body.id);
      await this.repository.withdraw(manager, edition.id, body.id);
      await this.audit.record(manager, {
        actor: actor.username, action: 'participant.remove', editionId: edition.id, bodyCode: body.code, subject: `participant ${body.code}`,
        before: { body: body.code, assignments }, after: null,
      });
    });
  }

  /** Admins see every assignment of the edition; verifiers and jurors only their own. */
  async assignments(actor: Actor, editionCode: string): Promise<AssignmentView[]> {
    const { edition } = await this.access.requireEdition(actor, 'assignment.read', editionCode);
    return this.repository.assignments(this.dataSource.manager, edition.id, actor.role === 'admin' ? undefined : actor.id);
  }

  /** One body's later deadline for a stage's window, with the reason; recorded and audited. */
  async extend(actor: Actor, editionCode: string, dto: GrantExtensionDto): Promise<ExtensionView> {
    const { edition, commission, stage, body } = await this.access.requireBody(actor, 'edition.manage', editionCode, dto.body, { code: dto.stage });
    const until = parseInstant(dto.until);
    if (!until.ok) throw new InvalidInputError([{ field: 'until', message: until.message, text: until.text }]);
    const window = stageWindow(stage, 'window');
    if (!window) {
      throw new InvalidInputError([{ field: 'stage', message: `stage "${stage.code}" has no window to extend`, text: `tahap "${stage.code}" tidak punya jendela yang bisa diperpanjang` }]);
    }
    if (compareInstants(until.instant, storedInstant(window.closes)) <= 0) {
      throw new InvalidInputError([
        { field: 'until', message: `must be after the window closes (${window.closes})`, text: `harus sesudah jendelanya ditutup (${waktuIndonesia(window.closes, commission.timeZone)})` },
      ]);
    }
    return this.uow.write(async (manager) => {
      const previous = await this.repository.latestExtension(manager, stage.id, body.id);
      const extension = {
        stageId: stage.id, bodyId: body.id, until: dto.until, reason: dto.reason, grantedBy: actor.username, grantedAt: this.clock.now().toISOString(),
      };
      await this.repository.insertExtension(manager, extension);
      const view: ExtensionView = { stage: stage.code, body: body.code, until: extension.until, reason: extension.reason, grantedBy: extension.grantedBy, grantedAt: extension.grantedAt };
      await this.audit.record(manager, {
        actor: actor.username, action: 'extension.grant', editionId: edition.id, bodyCode: body.code, subject: `extension ${stage.code}`,
        before: previous ? { until: previous.until, reason: previous.reason } : null, after: { until: view.until, reason: view.reason },
      });
      return view;
    });
  }

  async extensions(actor: Actor, editionCode: string): Promise<ExtensionView[]> {
    const { edition } = await this.access.requireEdition(actor, 'edition.manage', editionCode);
    return this.repository.extensions(this.dataSource.manager, edition.id);
  }

  private async view(manager: EntityManager, edition: Edition, commission: Commission): Promise<EditionView> {
    const def = await this.repository.definition(manager, edition, commission.code);
    const participants = await this.repository.participantCount(manager, edition.id);
    return { ...def, computedAt: edition.computedAt, participants, timeZone: commission.timeZone };
  }

  /** Every stage's instrument exists, and a questionnaire stage pins a questionnaire, a panel stage a rubric. */
  private async checkInstruments(manager: EntityManager, stages: StageDef[]): Promise<void> {
    const issues: FieldIssue[] = [];
    for (const [i, stage] of stages.entries()) {
      const found = await this.instruments.find(manager, stage.instrument);
      const expected = stage.kind === 'questionnaire' ? 'questionnaire' : 'rubric';
      const { id, version } = stage.instrument;
      if (!found) {
        issues.push({
          field: `stages[${i}].instrument`,
          message: `instrument ${id} version ${version} is not stored; store the instrument first`,
          text: `instrumen ${id} versi ${version} belum tersimpan; simpan instrumennya dulu`,
        });
      } else if (found.kind !== expected) {
        issues.push({
          field: `stages[${i}].instrument`,
          message: `${id} is a ${found.kind}; a ${stage.kind} stage needs a ${expected}`,
          text: `${id} adalah ${JENIS[found.kind]}; tahap ${JENIS[stage.kind]} membutuhkan ${JENIS[expected]}`,
        });
      }
    }
    if (issues.length) throw new InvalidInputError(issues);
  }
}
