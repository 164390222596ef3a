import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { ConflictError, NotFoundError } from '../common/errors';
import { InstrumentDef, InstrumentRef } from '../scoring';
import { Instrument } from './instrument.entity';
import { instrumentHash } from './instrument-validation';

/** Stored instruments, immutable by id + version: the same content again is a no-op, other content a conflict. */
@Injectable()
export class InstrumentsService {
  constructor(@InjectRepository(Instrument) private readonly instruments: Repository<Instrument>) {}

  async store(def: InstrumentDef, source: string, manager: EntityManager = this.instruments.manager): Promise<{ instrument: Instrument; created: boolean }> {
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
