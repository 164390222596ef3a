import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InstrumentRef } from '../scoring';
import { Instrument } from './instrument.entity';

/**
 * The one owner of `instrument`. Rows are only added, never changed (InstrumentsService keeps
 * them immutable by id + version). Every method takes the manager it runs on: the write
 * transaction's for writes (and for reads the write decides on), any for reads.
 */
@Injectable()
export class InstrumentsRepository {
  find(manager: EntityManager, ref: InstrumentRef): Promise<Instrument | null> {
    return manager.findOne(Instrument, { where: { instrumentId: ref.id, version: ref.version } });
  }

  /** Every stored instrument, by id then version. */
  list(manager: EntityManager): Promise<Instrument[]> {
    return manager.find(Instrument, { order: { instrumentId: 'ASC', version: 'ASC' } });
  }

  insert(manager: EntityManager, row: Omit<Instrument, 'id'>): Promise<Instrument> {
    return manager.save(manager.create(Instrument, row));
  }
}
