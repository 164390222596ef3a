import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditEntry } from '../audit/audit-entry.entity';
import { AuditRepository } from '../audit/audit.repository';
import { Actor } from '../common/actor';
import { NotFoundError } from '../common/errors';
import { Edition } from '../editions/edition.entity';
import { FactsReader } from '../facts/facts.reader';
import { EditionDef, InstrumentDef, InstrumentRef, QuestionnaireDef } from '../scoring';
import { AbsenceChange, diffPublications, QuestionChange, ResultChange, SheetChange, Standing, absenceChanges, questionChanges, sheetChanges } from './changes';
import { Publication } from './publication.entity';
import { PublicationInfo, toPublicationInfo } from './publications.service';
import { LineRow, ResultsRepository } from './results.repository';

/** One body's change as the public reads it (SPEC §15). */
export interface PublicChange {
  body: string;
  bodyName: string;
  before: Standing | null;
  after: Standing | null;
}

/** A version of the public history: version 1 has no `changes` (there is no version before it). */
export interface PublicationHistoryEntry extends PublicationInfo {
  changes?: PublicChange[];
}

/** Who made a change and when, from the audit trail; null where the trail names none (an import). */
interface Attribution {
  by: string | null;
  at: string | null;
  action: string | null;
}

/** A reopening (SPEC §15) of this body between the two versions, with its reason. */
export interface Reopening {
  action: string;
  subject: string;
  by: string;
  at: string;
  reason: string | null;
}

/** The facts behind one body's change: what the admin reads. */
export interface ChangeFacts {
  questions: (QuestionChange & Attribution)[];
  sheets: (SheetChange & Attribution)[];
  absences: (AbsenceChange & Attribution & { reason: string | null })[];
  reopenings: Reopening[];
}

export interface VersionRef {
  version: number;
  decreeNumber: string;
  decreeDate: string;
}

/** One version's change list against the version it replaces; `replaces` null and no changes for version 1. */
export interface ChangeList {
  edition: string;
  publication: PublicationInfo;
  replaces: VersionRef | null;
  changes: ResultChange[];
}

/** What `GET /api/editions/:e/publications/:version/changes` answers: the change list with the facts behind each change. */
export interface ChangeReport extends VersionRef {
  edition: string;
  reason: string | null;
  publishedAt: string;
  replaces: VersionRef | null;
  changes: (ResultChange & { facts: ChangeFacts })[];
}

/** change lists kept per process (a 20,000-body edition's takes ~0.4 s to compute from 40,000 published lines) */
const KEPT_LISTS = 200;

/** The audit actions of the correction routes (SPEC §15): their reasons explain a change. */
const REOPENINGS = new Set(['verification.reopen', 'panel.sheet.reopen', 'panel.absence.withdraw', 'absence.withdraw']);

const ref = (p: Publication): VersionRef => ({ version: p.version, decreeNumber: p.decreeNumber, decreeDate: p.decreeDate });
const publicChange = (c: ResultChange): PublicChange => ({ body: c.body, bodyName: c.bodyName, before: c.before, after: c.after });
const reasonOf = (e: AuditEntry): string | null => {
  const reason = (e.after as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' ? reason : null;
};

/**
 * What changed between published versions (SPEC §15): computed on read from what both versions
 * froze — their published lines, their facts and breakdowns — so a version's list never changes
 * later and version 1 stays as it was; the audit trail adds who, when, and the reopenings' reasons.
 */
@Injectable()
export class ChangesService {
  /**
   * Change lists by the pair of publications they compare: both are immutable, so a list
   * computed once is the list for good (the public history is asked anonymously, often).
   */
  private readonly lists = new Map<string, ResultChange[]>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly repository: ResultsRepository,
    private readonly facts: FactsReader,
    private readonly audit: AuditRepository,
  ) {}

  /** Public (anyone, no login; SPEC §6): the publication history, each version from 2 on with its change list. */
  async history(editionCode: string): Promise<PublicationHistoryEntry[]> {
    const manager = this.dataSource.manager;
    const edition = await this.facts.edition(manager, editionCode);
    const publications = await this.repository.publications(manager, edition.id);
    const history: PublicationHistoryEntry[] = [];
    for (let i = 0; i < publications.length; i++) {
      const info = toPublicationInfo(publications[i]);
      if (i === 0) history.push(info);
      else history.push({ ...info, changes: (await this.diff(manager, publications[i - 1], publications[i])).map(publicChange) });
    }
    return history;
  }

  /**
   * Not actor-facing: one published version's change list, as its documents print it and the
   * public history shows it (published data only); "not found" for an unknown version.
   */
  async changeList(editionCode: string, version: number): Promise<ChangeList> {
    const manager = this.dataSource.manager;
    const edition = await this.facts.edition(manager, editionCode);
    const { publication, previous } = await this.versions(manager, edition, version);
    const changes = previous ? await this.diff(manager, previous, publication) : [];
    return { edition: edition.code, publication: toPublicationInfo(publication), replaces: previous && ref(previous), changes };
  }

  /**
   * The admin's view of one version's changes: the public list, and per changed body the facts
   * behind it — questions whose answer, decision or ruling changed (the value that counted, before
   * and after), sheets whose status or total changed, absences recorded or withdrawn — each with who
   * and when from the trail, and the reopenings of that body between the two versions with their reasons.
   */
  async changes(actor: Actor, editionCode: string, version: number): Promise<ChangeReport> {
    const { edition, commission } = await this.access.requireEdition(actor, 'results.manage', editionCode);
    const manager = this.dataSource.manager;
    const { publication, previous } = await this.versions(manager, edition, version);
    const head = { edition: edition.code, ...ref(publication), reason: publication.reason, publishedAt: publication.publishedAt, replaces: previous && ref(previous) };
    if (!previous) return { ...head, changes: [] };

    const lines = await this.repository.publishedLines(manager, [previous.id, publication.id]);
    const changes = await this.diff(manager, previous, publication, lines);
    const bodyIds = new Map([...lines.get(previous.id)!, ...lines.get(publication.id)!].map((l) => [l.body, l.bodyId]));
    const def = await this.facts.definition(manager, edition, commission);
    const instrument = await this.facts.instruments(manager, def);
    const publishIds = new Map((await this.audit.publishEntries(manager, edition.id)).map((e) => [(e.after as { version?: number } | null)?.version, e.id]));
    const trail = await this.audit.bodyEntriesBetween(
      manager, edition.id, changes.map((c) => c.body), publishIds.get(previous.version) ?? 0, publishIds.get(publication.version) ?? Number.MAX_SAFE_INTEGER,
    );
    const withFacts: ChangeReport['changes'] = [];
    for (const change of changes) {
      const bodyId = bodyIds.get(change.body)!;
      const entries = trail.filter((e) => e.bodyCode === change.body);
      withFacts.push({ ...change, facts: await this.factsBehind(manager, def, instrument, previous, publication, bodyId, change.body, entries) });
    }
    return { ...head, changes: withFacts };
  }

  private async versions(manager: EntityManager, edition: Edition, version: number): Promise<{ publication: Publication; previous: Publication | null }> {
    const publication = Number.isInteger(version) && version >= 1 ? await this.repository.publication(manager, edition.id, version) : null;
    if (!publication || publication.version !== version) throw new NotFoundError('publication', `${edition.code} v${version}`);
    const previous = version > 1 ? await this.repository.publication(manager, edition.id, version - 1) : null;
    return { publication, previous };
  }

  /** The change list of `publication` against `previous`, with the names the bodies were published under; computed once per process. */
  private async diff(manager: EntityManager, previous: Publication, publication: Publication, known?: Map<number, LineRow[]>): Promise<ResultChange[]> {
    const key = `${previous.id}:${publication.id}`;
    const kept = this.lists.get(key);
    if (kept) return kept;
    const lines = known ?? (await this.repository.publishedLines(manager, [previous.id, publication.id]));
    const list = await this.compare(manager, previous, publication, lines);
    if (this.lists.size >= KEPT_LISTS) this.lists.delete(this.lists.keys().next().value!);
    this.lists.set(key, list);
    return list;
  }

  private async compare(manager: EntityManager, previous: Publication, publication: Publication, lines: Map<number, LineRow[]>): Promise<ResultChange[]> {
    const nameless = (rows: LineRow[]) => rows.map((r) => ({ ...r, bodyName: '' }));
    const before = lines.get(previous.id) ?? [];
    const after = lines.get(publication.id) ?? [];
    const changes = diffPublications(nameless(before), nameless(after));
    if (changes.length === 0) return changes;
    const changed = new Set(changes.map((c) => c.body));
    const newNames = await this.repository.publishedNames(manager, publication.id, after.filter((l) => changed.has(l.body)).map((l) => l.bodyId));
    const present = new Set(after.map((l) => l.body));
    const oldNames = await this.repository.publishedNames(manager, previous.id, before.filter((l) => changed.has(l.body) && !present.has(l.body)).map((l) => l.bodyId));
    const idOf = new Map([...before, ...after].map((l) => [l.body, l.bodyId]));
    return changes.map((c) => ({ ...c, bodyName: newNames.get(idOf.get(c.body)!) ?? oldNames.get(idOf.get(c.body)!) ?? c.body }));
  }

  private async factsBehind(
    manager: EntityManager,
    def: EditionDef,
    instrument: (ref: InstrumentRef) => InstrumentDef,
    previous: Publication,
    publication: Publication,
    bodyId: number,
    body: string,
    entries: AuditEntry[],
  ): Promise<ChangeFacts> {
    const last = (matches: (e: AuditEntry) => boolean): AuditEntry | null => entries.filter(matches).pop() ?? null;
    const attribution = (e: AuditEntry | null): Attribution => ({ by: e?.actor ?? null, at: e?.at ?? null, action: e?.action ?? null });

    const oldFacts = await this.facts.publishedFacts(manager, previous.id, bodyId);
    const newFacts = await this.facts.publishedFacts(manager, publication.id, bodyId);
    const questions = def.stages.flatMap((stage) =>
      stage.kind === 'questionnaire' ? questionChanges(stage.code, instrument(stage.instrument) as QuestionnaireDef, oldFacts[stage.code], newFacts[stage.code]) : [],
    );
    const oldResult = await this.repository.publishedResult(manager, previous.id, bodyId);
    const newResult = await this.repository.publishedResult(manager, publication.id, bodyId);

    const about = (e: AuditEntry, ...subjects: string[]) => subjects.includes(e.subject);
    return {
      questions: questions.map((q) => ({
        ...q,
        ...attribution(
          last((e) => about(e, `answer ${q.stage} ${q.question}`, `decision ${q.stage} ${q.question}`) || new RegExp(`^objection \\d+ ${escape(q.stage)} ${escape(q.question)}$`).test(e.subject)),
        ),
      })),
      sheets: sheetChanges(oldResult, newResult).map((s) => ({ ...s, ...attribution(last((e) => about(e, `sheet ${s.stage} ${s.juror}`, `sheet ${s.stage} ${body} ${s.juror}`))) })),
      absences: absenceChanges(oldResult, newResult).map((a) => {
        const entry = last((e) => about(e, `absence ${a.stage}`, `absence ${a.stage} ${body}`));
        return { ...a, ...attribution(entry), reason: entry ? reasonOf(entry) : null };
      }),
      reopenings: entries.filter((e) => REOPENINGS.has(e.action)).map((e) => ({ action: e.action, subject: e.subject, by: e.actor, at: e.at, reason: reasonOf(e) })),
    };
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
