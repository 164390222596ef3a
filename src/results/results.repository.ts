import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { hydrate, insertMany, Params, select, selectColumns } from '../database/sql';
import { BodyResult } from '../scoring';
import { PublicationResult } from './publication-result.entity';
import { Publication } from './publication.entity';
import { ResultRow } from './result.entity';
import { PublishedResult } from './result-view';
import { StageReach } from './stage-reach.entity';
import { PublicationFacts } from './stage-facts.entity';
import { storedResult } from './stored-result';

/** results, frozen results and frozen facts are a few kilobytes each: a hundred per statement */
const ROWS_PER_INSERT = 100;

/** A publication's stored result as the documents and the public list read it. */
export interface PublishedRow {
  /** the stored summary; null in rows published before summaries existed */
  summary: PublishedResult | null;
  /** the full breakdown: when asked for, or when there is no summary */
  detail: BodyResult | null;
  certificateCode: string | null;
}

/** A body's line in a publication, without its frozen name (PublishedLine): what a change list compares. */
export interface LineRow {
  bodyId: number;
  body: string;
  category: string;
  finalHundredths: number | null;
  predicate: string | null;
  rank: number | null;
}

/** A certificate's code as found in a publication. */
export interface CertificateRow {
  result: PublicationResult;
  publication: Publication;
  editionCode: string;
}

const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/**
 * The only code that reads or writes `result`, `stage_reach`, `publication`,
 * `publication_result` and `publication_facts`. Every stored result it returns is in today's
 * shape (storedResult). Every method takes the manager of the caller's transaction (or the read
 * manager outside one).
 */
@Injectable()
export class ResultsRepository {
  /** Replaces an edition's draft results and who reached each stage with a compute's. */
  async replaceResults(manager: EntityManager, editionId: number, results: Omit<ResultRow, 'id'>[], reach: Omit<StageReach, 'id'>[]): Promise<void> {
    await manager.delete(ResultRow, { editionId });
    await insertMany(manager, ResultRow, results, undefined, ROWS_PER_INSERT);
    await manager.delete(StageReach, { editionId });
    await insertMany(manager, StageReach, reach);
  }

  /** Stored draft results in ranking order (as computed), optionally of one category. */
  async results(manager: EntityManager, editionId: number, category?: string): Promise<ResultRow[]> {
    const rows = await manager.find(ResultRow, { where: { editionId, ...(category ? { category } : {}) }, order: { id: 'ASC' } });
    return rows.map((r) => ({ ...r, detail: storedResult(r.detail) }));
  }

  async result(manager: EntityManager, editionId: number, bodyId: number): Promise<ResultRow | null> {
    const row = await manager.findOne(ResultRow, { where: { editionId, bodyId } });
    return row && { ...row, detail: storedResult(row.detail) };
  }

  /** Whether the body reached the stage, as the last compute decided; null before the first compute that counted it. */
  reach(manager: EntityManager, editionId: number, stageId: number, bodyId: number): Promise<StageReach | null> {
    return manager.findOne(StageReach, { where: { editionId, stageId, bodyId } });
  }

  /** The latest publication of an edition, or a given version. */
  publication(manager: EntityManager, editionId: number, version?: number): Promise<Publication | null> {
    return manager.findOne(Publication, { where: { editionId, ...(version ? { version } : {}) }, order: { version: 'DESC' } });
  }

  publications(manager: EntityManager, editionId: number): Promise<Publication[]> {
    return manager.find(Publication, { where: { editionId }, order: { version: 'ASC' } });
  }

  createPublication(manager: EntityManager, values: Omit<Publication, 'id'>): Promise<Publication> {
    return manager.save(manager.create(Publication, values));
  }

  async supersede(manager: EntityManager, publicationId: number, at: string): Promise<void> {
    await manager.update(Publication, { id: publicationId }, { supersededAt: at });
  }

  /** A publication's frozen results and the facts they were computed from. */
  async freeze(manager: EntityManager, results: Omit<PublicationResult, 'id'>[], facts: Omit<PublicationFacts, 'id'>[]): Promise<void> {
    await insertMany(manager, PublicationResult, results, undefined, ROWS_PER_INSERT);
    await insertMany(manager, PublicationFacts, facts, undefined, ROWS_PER_INSERT);
  }

  /** A publication's frozen results, in ranking order. */
  async publishedResults(manager: EntityManager, publicationId: number): Promise<BodyResult[]> {
    const rows = await manager.find(PublicationResult, { where: { publicationId }, order: { id: 'ASC' } });
    return rows.map((r) => storedResult(r.detail));
  }

  async publishedResult(manager: EntityManager, publicationId: number, bodyId: number): Promise<BodyResult | null> {
    const row = await manager.findOne(PublicationResult, { where: { publicationId, bodyId } });
    return row && storedResult(row.detail);
  }

  /**
   * A publication's results as documents and the public list read them, in ranking order: the
   * stored summaries (~300 bytes a body; a national workbook reads 20,000) and the certificate
   * codes, with `details` the full breakdowns too. A row published before summaries existed
   * comes with its breakdown instead.
   */
  async publishedRows(manager: EntityManager, publicationId: number, details: boolean): Promise<PublishedRow[]> {
    const p = new Params(manager);
    const detail = details ? 'detail' : 'CASE WHEN summary IS NULL THEN detail END';
    const rows: { summary: string | null; detail: string | null; certificateCode: string | null }[] = await manager.query(
      `SELECT summary, ${detail} AS detail, "certificateCode" FROM publication_result WHERE "publicationId" = ${p.add(publicationId)} ORDER BY id`,
      p.values,
    );
    return rows.map((r) => {
      const full = parse<BodyResult>(r.detail);
      return { summary: parse<PublishedResult>(r.summary), detail: full && storedResult(full), certificateCode: r.certificateCode };
    });
  }

  /**
   * Every body's line in the given publications (final in hundredths, predicate, rank), in each
   * one's ranking order, by publication: a few dozen bytes a body, what change lists compare.
   * Body codes never change (only names and categories do), so the body table gives them.
   * With `bodyId`, that body's line only.
   */
  async publishedLines(manager: EntityManager, publicationIds: readonly number[], bodyId?: number): Promise<Map<number, LineRow[]>> {
    const lines = new Map<number, LineRow[]>(publicationIds.map((id) => [id, []]));
    if (publicationIds.length === 0) return lines;
    const p = new Params(manager);
    const rows: { publicationId: number; bodyId: number; body: string; category: string; finalHundredths: number | null; predicate: string | null; rank: number | null }[] = await manager.query(
      `SELECT r."publicationId", r."bodyId", b.code AS body, r.category, r."finalHundredths", r.predicate, r.rank FROM publication_result r JOIN body b ON b.id = r."bodyId"` +
        ` WHERE r."publicationId" IN ${p.list(publicationIds)}${bodyId === undefined ? '' : ` AND r."bodyId" = ${p.add(bodyId)}`} ORDER BY r.id`,
      p.values,
    );
    for (const r of rows) {
      const number = (v: number | string | null) => (v === null ? null : Number(v));
      lines.get(Number(r.publicationId))!.push({
        bodyId: Number(r.bodyId), body: r.body, category: r.category, finalHundredths: number(r.finalHundredths), predicate: r.predicate, rank: number(r.rank),
      });
    }
    return lines;
  }

  /** The names these bodies were published under in one publication (from the frozen summaries, or breakdowns where none was stored). */
  async publishedNames(manager: EntityManager, publicationId: number, bodyIds: readonly number[]): Promise<Map<number, string>> {
    const names = new Map<number, string>();
    for (let i = 0; i < bodyIds.length; i += ROWS_PER_INSERT) {
      const p = new Params(manager);
      const rows: { bodyId: number; summary: string | null; detail: string | null }[] = await manager.query(
        `SELECT "bodyId", summary, CASE WHEN summary IS NULL THEN detail END AS detail FROM publication_result` +
          ` WHERE "publicationId" = ${p.add(publicationId)} AND "bodyId" IN ${p.list(bodyIds.slice(i, i + ROWS_PER_INSERT))}`,
        p.values,
      );
      for (const r of rows) names.set(Number(r.bodyId), (parse<PublishedResult>(r.summary) ?? parse<BodyResult>(r.detail))!.bodyName);
    }
    return names;
  }

  /** The facts a body's published result was computed from, one JSON text per questionnaire stage. */
  publishedFacts(manager: EntityManager, publicationId: number, bodyId: number): Promise<PublicationFacts[]> {
    return manager.find(PublicationFacts, { where: { publicationId, bodyId } });
  }

  /** The published result a certificate code was printed from, with its publication and the edition's code: one query. */
  async certificate(manager: EntityManager, code: string): Promise<CertificateRow | null> {
    const p = new Params(manager);
    const [row] = await select<Record<string, unknown>>(
      manager,
      `SELECT ${selectColumns(manager, PublicationResult, 'r')}, ${selectColumns(manager, Publication, 'p')}, e.code AS "editionCode"` +
        ` FROM publication_result r JOIN publication p ON p.id = r."publicationId" JOIN edition e ON e.id = p."editionId" WHERE r."certificateCode" = ${p.add(code)}`,
      p.values,
    );
    if (!row) return null;
    const result = hydrate(manager, PublicationResult, row, 'r')!;
    return { result: { ...result, detail: storedResult(result.detail) }, publication: hydrate(manager, Publication, row, 'p')!, editionCode: String(row.editionCode) };
  }
}
