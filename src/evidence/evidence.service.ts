import { Inject, Injectable } from '@nestjs/common';
import archiver from 'archiver';
import { once } from 'events';
import { basename } from 'path';
import { Readable } from 'stream';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { Body } from '../bodies/body.entity';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/errors';
import { textProblem } from '../common/text';
import { UnitOfWork } from '../database/unit-of-work';
import { Edition } from '../editions/edition.entity';
import { EditionsRepository } from '../editions/editions.repository';
import { Stage } from '../editions/stage.entity';
import { requireOpen } from '../editions/windows';
import { InstrumentsService } from '../instruments/instruments.service';
import { questionOf } from '../saq/questions';
import { SaqRepository } from '../saq/saq.repository';
import { submittedError } from '../saq/saq.service';
import { DEFAULT_EVIDENCE_FILES, EvidenceFilesDef } from '../scoring';
import { ContentGuard, tooLarge } from './content-guard';
import { EvidenceFile } from './evidence-file.entity';
import { EVIDENCE_STORAGE, EvidenceStorage } from './evidence-storage';
import { EvidenceRepository } from './evidence.repository';
import { MULTIPART_SLACK, UploadSource } from './upload-source';

/** An evidence file as the API answers it. */
export interface EvidenceFileView {
  id: number;
  name: string;
  size: number;
  sha256: string;
  contentType: string;
  question: string;
  uploadedBy: string;
  uploadedAt: string;
}

/** A file to send: what it is and its content, streamed. */
export interface EvidenceDownload {
  file: EvidenceFileView;
  content: Readable;
}

export const toEvidenceFileView = (f: EvidenceFile): EvidenceFileView => ({
  id: f.id, name: f.name, size: f.size, sha256: f.sha256, contentType: f.contentType, question: f.questionCode, uploadedBy: f.uploadedBy, uploadedAt: f.uploadedAt,
});

/** The edition's limits on evidence files, the default where it sets none. */
export const evidenceLimits = (edition: { evidenceFiles?: EvidenceFilesDef | null }): EvidenceFilesDef => edition.evidenceFiles ?? { ...DEFAULT_EVIDENCE_FILES, types: [...DEFAULT_EVIDENCE_FILES.types] };

/** The operator's file name as kept: its last path segment, or `bukti-dukung.pdf` when it has none. */
function keptName(sent: string): string {
  const name = basename(sent.replace(/\\/g, '/')).trim();
  const kept = name || 'bukti-dukung.pdf';
  const problem = textProblem(kept, { kind: 'name' });
  if (problem) throw new InvalidInputError([{ field: 'file', message: `its name ${problem.en}`, text: `namanya ${problem.id}` }]);
  return kept;
}

/** A file name as a zip entry's last segment: no separators, no control characters. */
const zipName = (name: string): string => name.replace(/[\\/\u0000-\u001f\u007f]/g, '_');

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
const csvField = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * Evidence files of a body's answers (SPEC §13): upload inside the window and before submission,
 * within the edition's limits, the type decided from the content; download by the body, its
 * verifiers and admins; deletion before submission. Contents go to the storage (by SHA-256)
 * completely before a row names them; each upload and deletion is an audit entry, in the
 * transaction of its row.
 */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly instruments: InstrumentsService,
    private readonly editions: EditionsRepository,
    private readonly saq: SaqRepository,
    private readonly repository: EvidenceRepository,
    @Inject(EVIDENCE_STORAGE) private readonly storage: EvidenceStorage,
    private readonly clock: Clock,
  ) {}

  /**
   * Attaches the upload's file to the body's answer. Every rule that needs no byte of the file is
   * checked before one is read (a refused upload is never read, and its connection is closed);
   * the limits while it streams (415 at its first bytes, 413 at the first byte over maxBytes).
   */
  async upload(actor: Actor, editionCode: string, bodyCode: string, questionCode: string, source: UploadSource, stageCode?: string): Promise<EvidenceFileView> {
    const { edition, commission, stage, body } = await this.access.requireBody(actor, 'saq.answer', editionCode, bodyCode, { kind: 'questionnaire', code: stageCode });
    try {
      await questionOf(this.instruments, stage, questionCode);
      const limits = evidenceLimits(edition);
      await this.requireChangeable(this.dataSource.manager, stage, body, commission.timeZone, false);
      await this.requireRoom(this.dataSource.manager, stage, body, questionCode, limits);
      if (source.declaredBytes !== null && source.declaredBytes > limits.maxBytes + MULTIPART_SLACK) throw tooLarge(limits, edition.code);
      const received = await source.receive(limits.maxBytes);
      const name = keptName(received.name);
      const guard = new ContentGuard(limits, edition.code);
      received.stream.on('error', (error) => guard.destroy(error));
      const stored = await this.storage.put(received.stream.pipe(guard));
      return await this.uow.write(async (manager) => {
        // again inside the write: a submission or another upload may have come in while the file streamed
        await this.requireChangeable(manager, stage, body, commission.timeZone, true, edition);
        await this.requireRoom(manager, stage, body, questionCode, limits);
        const row = await this.repository.insert(manager, {
          editionId: edition.id, stageId: stage.id, bodyId: body.id, questionCode, name, size: stored.size, sha256: stored.sha256,
          contentType: guard.contentType(), uploadedBy: actor.username, uploadedAt: this.clock.now().toISOString(),
        });
        const view = toEvidenceFileView(row);
        await this.audit.record(manager, {
          actor: actor.username, action: 'evidence.upload', editionId: edition.id, bodyCode: body.code, subject: `evidence ${stage.code} ${questionCode}`,
          before: null, after: { id: view.id, name: view.name, size: view.size, sha256: view.sha256, contentType: view.contentType },
        });
        return view;
      });
    } catch (error) {
      source.abandon();
      throw error;
    }
  }

  /** The body's evidence files of a stage (the body itself, its verifiers, admins), by question. */
  async list(actor: Actor, editionCode: string, bodyCode: string, stageCode?: string): Promise<Record<string, EvidenceFileView[]>> {
    const { stage, body } = await this.access.requireBody(actor, 'saq.read', editionCode, bodyCode, { kind: 'questionnaire', code: stageCode });
    const byQuestion: Record<string, EvidenceFileView[]> = {};
    for (const f of await this.repository.filesOfResponse(this.dataSource.manager, stage.id, body.id)) (byQuestion[f.questionCode] ??= []).push(toEvidenceFileView(f));
    return byQuestion;
  }

  /** One file and its content, streamed (the body itself, its verifiers, admins). */
  async download(actor: Actor, id: number): Promise<EvidenceDownload> {
    const { file } = await this.access.requireEvidenceFile(actor, 'saq.read', id);
    const content = await this.storage.get(file.sha256);
    // a row names only complete contents; a missing one is a storage that lost it (or another MONEV_FILES_PATH)
    if (!content) throw new NotFoundError('evidenceFile', id);
    return { file: toEvidenceFileView(file), content };
  }

  /**
   * Every evidence file of an edition, or of one body in it (admin), as a zip streamed while it is
   * written: `<body>/<stage>/<question>/<id>-<name>` and, last, `manifest.csv` (one line per file:
   * where it is in the zip, whose answer, its size, SHA-256, type, who uploaded it when). Contents
   * are opened one at a time, as the zip takes them.
   */
  async evidenceZip(actor: Actor, editionCode: string, bodyCode?: string): Promise<{ fileName: string; content: Readable }> {
    const { edition } = await this.access.requireEdition(actor, 'evidence.export', editionCode);
    const only = bodyCode === undefined ? undefined : (await this.access.requireParticipant(actor, 'evidence.export', editionCode, bodyCode)).body;
    const manager = this.dataSource.manager;
    const files = await this.repository.filesOfEdition(manager, edition.id, only?.id);
    const bodies = new Map((await this.editions.participantBodies(manager, edition.id, only?.id)).map((b) => [b.id, b.code]));
    const stages = new Map((await this.editions.stages(manager, edition.id)).map((s) => [s.id, s.code]));
    const zip = archiver('zip', { store: true }); // PDFs are compressed already
    const storage = this.storage;
    void (async () => {
      const lines = [['berkas', 'badan_publik', 'tahap', 'pertanyaan', 'id', 'nama', 'ukuran', 'sha256', 'jenis', 'diunggah_oleh', 'diunggah_pada'].join(',')];
      for (const f of files) {
        const body = bodies.get(f.bodyId) ?? String(f.bodyId);
        const stage = stages.get(f.stageId) ?? String(f.stageId);
        const path = `${body}/${stage}/${f.questionCode}/${f.id}-${zipName(f.name)}`;
        const content = await storage.get(f.sha256);
        if (content) {
          zip.append(content, { name: path, date: new Date(f.uploadedAt) });
          await once(zip, 'entry');
        }
        lines.push([content ? path : '(hilang dari penyimpanan)', body, stage, f.questionCode, f.id, f.name, f.size, f.sha256, f.contentType, f.uploadedBy, f.uploadedAt].map(csvField).join(','));
      }
      zip.append(`${lines.join('\r\n')}\r\n`, { name: 'manifest.csv' });
      await zip.finalize();
    })().catch((error: Error) => zip.destroy(error));
    return { fileName: `bukti-dukung-${edition.code}${only ? `-${only.code}` : ''}.zip`, content: zip };
  }

  /** Detaches a file from the body's answer, inside the window and before submission. */
  async remove(actor: Actor, editionCode: string, bodyCode: string, questionCode: string, id: number, stageCode?: string): Promise<EvidenceFileView> {
    const { edition, commission, stage, body } = await this.access.requireBody(actor, 'saq.answer', editionCode, bodyCode, { kind: 'questionnaire', code: stageCode });
    return this.uow.write(async (manager) => {
      await this.requireChangeable(manager, stage, body, commission.timeZone, true, edition);
      const file = await this.repository.file(manager, id);
      if (!file || file.stageId !== stage.id || file.bodyId !== body.id || file.questionCode !== questionCode) throw new NotFoundError('evidenceFile', id);
      await this.repository.remove(manager, file.id);
      const view = toEvidenceFileView(file);
      await this.audit.record(manager, {
        actor: actor.username, action: 'evidence.delete', editionId: edition.id, bodyCode: body.code, subject: `evidence ${stage.code} ${questionCode}`,
        before: { id: view.id, name: view.name, size: view.size, sha256: view.sha256, contentType: view.contentType }, after: null,
      });
      return view;
    });
  }

  /**
   * 409 once the questionnaire is submitted or its window (extension included) is not open: the
   * answers' rule, for their evidence. Inside a write (`lock`) the response is created on first
   * use and locked, so a submission waits for the upload or sees its file.
   */
  private async requireChangeable(manager: EntityManager, stage: Stage, body: Body, timeZone: string, lock: boolean, edition?: Edition): Promise<void> {
    const response = lock && edition ? await this.saq.openResponse(manager, edition.id, stage.id, body.id) : await this.saq.response(manager, stage.id, body.id);
    if (response?.submittedAt) throw submittedError(body, response.submittedAt, timeZone);
    requireOpen(stage, 'window', timeZone, this.clock.now(), await this.editions.extendedUntil(manager, stage.id, body.id));
  }

  /** 409 when the answer has as many files as the edition allows. */
  private async requireRoom(manager: EntityManager, stage: Stage, body: Body, questionCode: string, limits: EvidenceFilesDef): Promise<void> {
    const files = await this.repository.filesOfAnswer(manager, stage.id, body.id, questionCode);
    if (files.length >= limits.maxPerQuestion) {
      throw new ConflictError('evidence.too_many', {
        en: `question "${questionCode}" has ${files.length} evidence files already: at most ${limits.maxPerQuestion} per question (evidenceFiles.maxPerQuestion); delete one first`,
        id: `pertanyaan "${questionCode}" sudah punya ${files.length} berkas bukti dukung: paling banyak ${limits.maxPerQuestion} per pertanyaan (evidenceFiles.maxPerQuestion); hapus dulu salah satunya`,
      });
    }
  }
}
