import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ConflictError, NotFoundError } from '../common/errors';
import { InstrumentDef, InstrumentRef } from '../scoring';
import { Instrument } from './instrument.entity';
import { instrumentHash } from './instrument-validation';

/**
 * Stored instruments, immutable by id + version: the same content again is a no-op, other content
 * a conflict. Storing one is audited (an entry without an edition: instruments belong to none).
 */
@Injectable()
export class InstrumentsService {
  constructor(
    @InjectRepository(Instrument) private readonly instruments: Repository<Instrument>,
    private readonly audit: AuditService,
  ) {}

  /** Stores `def` in the caller's transaction (`manager`), with an audit entry naming `actor` when it is new. */
  async store(def: InstrumentDef, source: string, manager: EntityManager, actor: string): Promise<{ instrument: Instrument; created: boolean }> {
    const hash = instrumentHash(def);
    const existing = await manager.findOne(Instrument, { where: { instrumentId: def.id, version: def.version } });
    if (existing) {
      if (existing.hash !== hash) {
        throw new ConflictError(
          `${source}: instrument ${def.id} version ${def.version} already exists with other content; instruments are immutable — give the new content a new version`,
        );
      }
      return { instrument: existing, created: false };
    }
    const instrument = await manager.save(
      manager.create(Instrument, { instrumentId: def.id, version: def.version, kind: def.kind, title: def.title, content: def, hash }),
    );
    await this.audit.record(manager, {
      actor, action: 'instrument.store', editionId: null, bodyCode: null, subject: `instrument ${def.id} version ${def.version}`,
      before: null, after: { id: def.id, version: def.version, kind: def.kind, title: def.title, hash, source },
    });
    return { instrument, created: true };
  }

  list(): Promise<Instrument[]> {
    return this.instruments.find({ order: { instrumentId: 'ASC', version: 'ASC' } });
  }

  async get(ref: InstrumentRef, manager: EntityManager = this.instruments.manager): Promise<Instrument> {
    const found = await manager.findOne(Instrument, { where: { instrumentId: ref.id, version: ref.version } });
    if (!found) throw new NotFoundError('instrument', `${ref.id}@${ref.version}`);
    return found;
  }

  async requireDef(ref: InstrumentRef, manager?: EntityManager): Promise<InstrumentDef> {
    return (await this.get(ref, manager)).content;
  }
}
