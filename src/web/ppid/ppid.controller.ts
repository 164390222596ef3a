import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { readFileSync } from 'fs';
import { IncomingMessage, ServerResponse } from 'http';
import { join } from 'path';
import { Actor, CurrentActor } from '../../common/actor';
import { Clock } from '../../common/clock';
import { fieldName, InvalidInputError } from '../../common/errors';
import { WORKBOOK_MAX_BYTES } from '../../saq/saq.controller';
import { EditionsService, EditionView } from '../../editions/editions.service';
import { evidenceLimits, EvidenceFileView, EvidenceService } from '../../evidence/evidence.service';
import { multipartUpload } from '../../evidence/multipart-upload';
import { sizeText } from '../../evidence/content-guard';
import { SaveAnswerDto } from '../../saq/dto/answer.dto';
import { SaqService, SaqView } from '../../saq/saq.service';
import { CreateObjectionDto } from '../../verification/dto/objection.dto';
import { ObjectionsService } from '../../verification/objections.service';
import { field, PageResponse, seeOther, validated } from '../forms';
import { skor, timeZoneOf } from '../format';
import { ASSETS_DIR, Pages } from '../pages';
import { isRefusal, pageError } from '../web-errors';
import { Anyone, ForRoles, WebController, WebRequest } from '../web.guard';
import { WorkbookUploadRequest } from './workbook-upload';
import { deadline, evidenceRule, idOf, saqPageState, stageSummary, STATUS_LABEL, verificationPage } from './ppid-views';

/** What the page's script gets back for a saved answer: small (SPEC §11: ≤ 2 KB per autosave). */
export interface AutosaveAnswer {
  question: string;
  updatedAt: string;
  claimedScore: number;
}

const HTML = 'text/html; charset=utf-8';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What the SAQ page says after `Unggah kuesioner (Excel)`: the counts, or every mistake by sheet and cell. */
export interface WorkbookOutcome {
  notice: string | null;
  problem: string | null;
  issues: string[];
}

/** `?tahap=saq` when the edition has several questionnaire stages (and always in forms). */
function stageQuery(stage: string): string {
  return `?tahap=${encodeURIComponent(stage)}`;
}

/**
 * The PPID operator's pages (SPEC §11): the editions of their body, the SAQ with its autosave,
 * the submission, and the verification with the objection form. Services only; the words are
 * ppid-views.ts's.
 */
@ApiExcludeController()
@Controller('ppid')
@WebController()
@ForRoles('body')
export class PpidController {
  constructor(
    private readonly pages: Pages,
    private readonly editions: EditionsService,
    private readonly saq: SaqService,
    private readonly objections: ObjectionsService,
    private readonly clock: Clock,
    private readonly evidence: EvidenceService,
  ) {}

  @Get()
  @Header('Content-Type', HTML)
  async home(@CurrentActor() actor: Actor, @Req() request: WebRequest): Promise<string> {
    const now = this.clock.now();
    const editions = await this.editions.list(actor);
    const cards = await Promise.all(
      editions.map(async (edition) => {
        const stages = edition.stages.filter((s) => s.kind === 'questionnaire');
        const zone = timeZoneOf(edition);
        const views = await Promise.all(stages.map((s) => this.saq.view(actor, edition.code, actor.body ?? '', s.code)));
        return { code: edition.code, title: edition.title, year: edition.year, simulated: edition.simulated, stages: views.map((v) => stageSummary(v, stages.length > 1, zone, now)) };
      }),
    );
    return this.pages.render('/ppid/home', { title: 'Operator PPID', actor, csrf: request.webSession!.csrf, section: 'ppid' }, { editions: cards });
  }

  @Get(':edition/kuesioner')
  @Header('Content-Type', HTML)
  async questionnaire(@CurrentActor() actor: Actor, @Req() request: WebRequest, @Param('edition') edition: string, @Query('tahap') stage?: string): Promise<string> {
    return this.saqPage(actor, request, edition, stage, null);
  }

  /** The session's CSRF token, for the SAQ script after a new login in another tab (and which body it is). */
  @Get(':edition/token')
  @Header('Content-Type', 'application/json; charset=utf-8')
  token(@CurrentActor() actor: Actor, @Req() request: WebRequest): { csrf: string; body: string | null } {
    return { csrf: request.webSession!.csrf, body: actor.body };
  }

  /**
   * The autosave of one answer from the SAQ page's script (JSON, the X-CSRF-Token header): the
   * API's DTO, validation and service, so a page saves exactly what the API saves. Errors answer
   * `{statusCode, code, text}` in Indonesian.
   */
  @Put(':edition/jawaban/:question')
  async autosave(
    @CurrentActor() actor: Actor,
    @Param('edition') edition: string,
    @Param('question') question: string,
    @Body() dto: SaveAnswerDto,
    @Query('tahap') stage?: string,
  ): Promise<AutosaveAnswer> {
    const saved = await this.saq.saveAnswer(actor, edition, actor.body ?? '', question, dto, stage || undefined);
    return { question: saved.question, updatedAt: saved.updatedAt, claimedScore: saved.claimedScore };
  }

  // ---- evidence files (issue 15, SPEC §13): the same service as the API's routes

  /** `Unggah bukti dukung`: the page's script posts the file (multipart, the X-CSRF-Token header); errors answer `{statusCode, code, text}`. */
  @Post(':edition/bukti/:question')
  @HttpCode(201)
  async uploadEvidence(
    @CurrentActor() actor: Actor,
    @Param('edition') edition: string,
    @Param('question') question: string,
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
    @Query('tahap') stage?: string,
  ): Promise<Pick<EvidenceFileView, 'id' | 'name' | 'size'>> {
    const file = await this.evidence.upload(actor, edition, actor.body ?? '', question, multipartUpload(request, response), stage || undefined);
    return { id: file.id, name: file.name, size: file.size };
  }

  /** `Hapus` beside a file: a plain form; back to the question, or the page with the refusal. */
  @Post(':edition/bukti/:question/:id/hapus')
  @HttpCode(200)
  @Header('Content-Type', HTML)
  async removeEvidence(
    @CurrentActor() actor: Actor,
    @Req() request: WebRequest,
    @Param('edition') edition: string,
    @Param('question') question: string,
    @Param('id') id: string,
    @Body() form: unknown,
    @Res({ passthrough: true }) response: PageResponse,
  ): Promise<string> {
    const stage = field(form, 'tahap') || undefined;
    try {
      await this.evidence.remove(actor, edition, actor.body ?? '', question, Number(id), stage);
      return seeOther(response, `/ppid/${encodeURIComponent(edition)}/kuesioner${stage ? stageQuery(stage) : ''}#${idOf('q', question)}`);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      response.status(pageError(error).status);
      return this.saqPage(actor, request, edition, stage, pageError(error).text);
    }
  }

  /** `Ya, kirim`: submits the questionnaire (the page's script has sent every waiting answer first). */
  @Post(':edition/kirim')
  @HttpCode(200)
  @Header('Content-Type', HTML)
  async submit(@CurrentActor() actor: Actor, @Req() request: WebRequest, @Param('edition') edition: string, @Body() form: unknown, @Res({ passthrough: true }) response: PageResponse): Promise<string> {
    const stage = field(form, 'tahap') || undefined;
    try {
      const submitted = await this.saq.submit(actor, edition, actor.body ?? '', stage);
      return seeOther(response, `/ppid/${encodeURIComponent(edition)}/kuesioner${stageQuery(submitted.stage)}`);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      response.status(pageError(error).status);
      return this.saqPage(actor, request, edition, stage, pageError(error).text);
    }
  }

  /** `Unduh kuesioner (Excel)`: the offline workbook of SPEC §14, the API's own (SaqService.workbook). */
  @Get(':edition/kuesioner.xlsx')
  async workbook(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Query('tahap') stage?: string): Promise<StreamableFile> {
    const { filename, bytes } = await this.saq.workbook(actor, edition, actor.body ?? '', stage || undefined);
    return new StreamableFile(bytes, { type: XLSX, disposition: `attachment; filename="${filename}"`, length: bytes.length });
  }

  /**
   * `Unggah kuesioner (Excel)`: the form's file (read by WorkbookUploadMiddleware before the
   * guard), imported by the API's rule (SaqService.importWorkbook); the page says what changed, or
   * lists every mistake by sheet and cell.
   */
  @Post(':edition/kuesioner-excel')
  @HttpCode(200)
  @Header('Content-Type', HTML)
  async uploadWorkbook(@CurrentActor() actor: Actor, @Req() request: WebRequest & WorkbookUploadRequest, @Param('edition') edition: string, @Body() form: unknown, @Res({ passthrough: true }) response: PageResponse): Promise<string> {
    const stage = field(form, 'tahap') || undefined;
    const megabytes = WORKBOOK_MAX_BYTES / 1024 / 1024;
    const refuse = (status: number, problem: string, issues: string[] = []) => {
      response.status(status);
      return this.saqPage(actor, request, edition, stage, null, { notice: null, problem, issues });
    };
    if (request.workbookTooLarge) return refuse(413, `Berkas lebih besar dari ${megabytes} MB; unggah berkas kuesioner yang diunduh dari halaman ini.`);
    if (!request.file?.buffer.length) return refuse(400, 'Pilih dulu berkas kuesioner (.xlsx) yang akan diunggah.');
    try {
      const result = await this.saq.importWorkbook(actor, edition, actor.body ?? '', request.file.buffer, stage);
      return this.saqPage(actor, request, edition, stage, null, {
        notice: `Kuesioner dari Excel dimuat: ${result.changed} jawaban berubah, ${result.unchanged} tidak berubah, ${result.empty} pertanyaan kosong.`,
        problem: null, issues: [],
      });
    } catch (error) {
      if (error instanceof InvalidInputError) {
        return refuse(400, `Berkas tidak dimuat; tidak ada jawaban yang disimpan. Perbaiki ${error.issues.length} kesalahan berikut lalu unggah lagi:`, error.issues.map((i) => `${fieldName(i.field)}: ${i.text}`));
      }
      if (!isRefusal(error)) throw error;
      return refuse(pageError(error).status, pageError(error).text);
    }
  }

  @Get(':edition/verifikasi')
  @Header('Content-Type', HTML)
  async verification(@CurrentActor() actor: Actor, @Req() request: WebRequest, @Param('edition') edition: string, @Query('tahap') stage?: string): Promise<string> {
    return this.verificationPage(actor, request, edition, stage, null);
  }

  /** `Kirim sanggah`: an objection to a rejected or corrected answer, inside the objection window. */
  @Post(':edition/sanggah')
  @HttpCode(200)
  @Header('Content-Type', HTML)
  async object(@CurrentActor() actor: Actor, @Req() request: WebRequest, @Param('edition') edition: string, @Body() form: unknown, @Res({ passthrough: true }) response: PageResponse): Promise<string> {
    const stage = field(form, 'tahap') || undefined;
    const question = field(form, 'pertanyaan');
    const reason = field(form, 'alasan');
    try {
      const dto = await validated(CreateObjectionDto, { body: actor.body ?? '', question, reason, ...(stage ? { stage } : {}) });
      const made = await this.objections.create(actor, edition, dto);
      return seeOther(response, `/ppid/${encodeURIComponent(edition)}/verifikasi${stageQuery(made.stage)}#${idOf('q', made.question)}`);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      response.status(pageError(error).status);
      return this.verificationPage(actor, request, edition, stage, { question, reason, text: pageError(error).text });
    }
  }

  private async stageView(actor: Actor, editionCode: string, stage: string | undefined): Promise<{ edition: EditionView; view: SaqView; several: boolean }> {
    const view = await this.saq.view(actor, editionCode, actor.body ?? '', stage || undefined);
    const edition = await this.editions.get(actor, editionCode);
    return { edition, view, several: edition.stages.filter((s) => s.kind === 'questionnaire').length > 1 };
  }

  private async saqPage(actor: Actor, request: WebRequest, editionCode: string, stage: string | undefined, error: string | null, workbook: WorkbookOutcome | null = null): Promise<string> {
    const { edition, view } = await this.stageView(actor, editionCode, stage);
    const zone = timeZoneOf(edition);
    const now = this.clock.now();
    const state = saqPageState(view, zone, now);
    const files = await this.evidence.list(actor, editionCode, actor.body ?? '', view.stage);
    const questions = view.questionnaire.indicators.reduce((n, i) => n + i.questions.length, 0);
    const answered = Object.keys(view.answers).length;
    return this.pages.render(
      '/ppid/kuesioner',
      { title: view.questionnaire.title, actor, csrf: request.webSession!.csrf, scripts: ['saq.js'], section: 'ppid' },
      {
        edition, view, state, error, questions, answered,
        status: STATUS_LABEL[view.status],
        claimed: skor(view.claimedScore),
        deadline: state.submitted ? null : deadline(view.window, zone, now),
        base: `/ppid/${encodeURIComponent(edition.code)}`,
        idOf, evidenceRule, workbook, files, fileLimit: sizeText(evidenceLimits(edition).maxBytes),
      },
    );
  }

  private async verificationPage(
    actor: Actor, request: WebRequest, editionCode: string, stage: string | undefined,
    error: { question: string; reason: string; text: string } | null,
  ): Promise<string> {
    const { edition, view } = await this.stageView(actor, editionCode, stage);
    const zone = timeZoneOf(edition);
    return this.pages.render(
      '/ppid/verifikasi',
      { title: `Hasil verifikasi · ${view.questionnaire.title}`, actor, csrf: request.webSession!.csrf, scripts: ['saq.js'], section: 'ppid' },
      {
        edition, view, error,
        verified: view.status === 'verified',
        result: verificationPage(view, zone, this.clock.now()),
        base: `/ppid/${encodeURIComponent(edition.code)}`,
      },
    );
  }
}

/**
 * The SAQ page's service worker (SPEC §11: the page reopens without a network), served from
 * /ppid/ so that its scope covers the operator's pages. Anyone may fetch it: a worker's update
 * check after the session ended must not turn into a login redirect.
 */
@ApiExcludeController()
@Controller('ppid')
@WebController()
export class PpidWorkerController {
  private readonly script = readFileSync(join(ASSETS_DIR, 'sw.js'), 'utf8');

  @Get('sw.js')
  @Anyone()
  @Header('Content-Type', 'application/javascript; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @Header('Service-Worker-Allowed', '/ppid/')
  worker(): string {
    return this.script;
  }
}
