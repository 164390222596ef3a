import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Actor } from '../common/actor';
import { AuditService } from '../audit/audit.service';
import { ConflictError, NotFoundError } from '../common/errors';
import { UnitOfWork } from '../database/unit-of-work';
import { instrumentFromRequest } from '../editions/definition-input';
import { InstrumentDef, InstrumentRef } from '../scoring';
import { Instrument } from './instrument.entity';
import { instrumentHash } from './instrument-validation';
import { InstrumentsRepository } from './instruments.repository';

export interface InstrumentSummary {
  id: string;
  version: number;
  kind: Instrument['kind'];
  title: string;
}

export const toInstrumentSummary = (i: Instrument): InstrumentSummary => ({ id: i.instrumentId, version: i.version, kind: i.kind, title: i.title });

/**
 * Stored instruments, immutable by id + version: the same content again is a no-op, other content
 * a conflict. Storing one is audited (an entry without an edition: instruments belong to none).
 */
@Injectable()
export class InstrumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly repository: InstrumentsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Stores a questionnaire or rubric sent as a SPEC §3 definition (checked by the file validators). */
  async create(actor: Actor, definition: unknown): Promise<InstrumentSummary & { created: boolean }> {
    this.access.requireRole(actor, 'instrument.create');
    const def = instrumentFromRequest(definition);
    const { instrument, created } = await this.uow.write((manager) => this.store(def, 'request body', manager, actor.username));
    return { ...toInstrumentSummary(instrument), created };
  }

  async list(actor: Actor): Promise<InstrumentSummary[]> {
    this.access.requireRole(actor, 'instrument.read');
    return (await this.repository.list(this.dataSource.manager)).map(toInstrumentSummary);
  }

  /** One instrument's full definition. */
  async definition(actor: Actor, ref: InstrumentRef): Promise<InstrumentDef> {
    this.access.requireRole(actor, 'instrument.read');
    return this.requireDef(ref);
  }

  /**
   * Stores a validated definition inside the caller's write transaction; `source` names where it
   * came from in a conflict. Not actor-facing: for `create` and for the fixture import, whose
   * callers checked access (or run as the system actor) before; a new one is audited under `actor`.
   */
  async store(def: InstrumentDef, source: string, manager: EntityManager, actor: string): Promise<{ instrument: Instrument; created: boolean }> {
    const hash = instrumentHash(def);
    const existing = await this.repository.find(manager, def);
    if (existing) {
      if (existing.hash !== hash) {
        throw new ConflictError('instrument.immutable', {
          en: `${source}: instrument ${def.id} version ${def.version} already exists with other content; instruments are immutable — give the new content a new version`,
          id: `${source}: instrumen ${def.id} versi ${def.version} sudah ada dengan isi lain; instrumen tidak bisa diubah — beri isi baru itu versi baru`,
        });
      }
      return { instrument: existing, created: false };
    }
    const instrument = await this.repository.insert(manager, { instrumentId: def.id, version: def.version, kind: def.kind, title: def.title, content: def, hash });
    await this.audit.record(manager, {
      actor, action: 'instrument.store', editionId: null, bodyCode: null, subject: `instrument ${def.id} version ${def.version}`,
      before: null, after: { id: def.id, version: def.version, kind: def.kind, title: def.title, hash, source },
    });
    return { instrument, created: true };
  }

  /**
   * The definition a stage pins (404 when it is not stored). Not actor-facing: for services that
   * checked the caller's access to the stage first (saq, verification, panels).
   */
  async requireDef(ref: InstrumentRef, manager: EntityManager = this.dataSource.manager): Promise<InstrumentDef> {
    const found = await this.repository.find(manager, ref);
    if (!found) throw new NotFoundError('instrument', `${ref.id}@${ref.version}`);
    return found.content;
  }
}
