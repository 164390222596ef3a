import { Body, Controller, Get, Header, HttpCode, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../../common/actor';
import { NotFoundError } from '../../common/errors';
import { EditionsService, EditionView } from '../../editions/editions.service';
import { EvidenceService } from '../../evidence/evidence.service';
import { findQuestion } from '../../saq/questions';
import { SaqService, SaqView } from '../../saq/saq.service';
import { AnswerValue, QuestionDef } from '../../scoring';
import { DecideDto } from '../../verification/dto/decision.dto';
import { RuleObjectionDto } from '../../verification/dto/objection.dto';
import { ObjectionView } from '../../verification/objection-view';
import { ObjectionsService } from '../../verification/objections.service';
import { QUEUE_STATUSES, QueueStatus, VerificationQueue, VerificationService } from '../../verification/verification.service';
import { field, PageResponse, seeOther, validated } from '../forms';
import { skor, timeZoneOf, waktu } from '../format';
import { PageContext, Pages } from '../pages';
import { isRefusal, pageError } from '../web-errors';
import { ForRoles, WebController, WebRequest } from '../web.guard';
import { anchorOf, DECISION_LABEL, DECISIONS, formValue, hostOf, isWebLink, RULING_LABEL, STATUS_CLASS, STATUS_LABEL, valueLabel } from './present';

/** What every verifier template may call to write a value for people. */
const FORMAT = { waktu, skor, valueLabel, hostOf, isWebLink, anchorOf, STATUS_LABEL, STATUS_CLASS, DECISION_LABEL, DECISIONS, RULING_LABEL };

/** A refusal a form shows beside itself, and the question (or objection) it belongs to. */
interface Problem {
  at: string;
  text: string;
}

const isHtmx = (request: WebRequest): boolean => request.headers['hx-request'] === 'true';

/** `?tahap=saq` when a stage was named, for links and redirects that keep it. */
const stageQuery = (stage: string | undefined): string => (stage ? `?tahap=${encodeURIComponent(stage)}` : '');

/**
 * The verifier's pages (SPEC §11; an admin may verify too, SPEC §7): the editions they verify
 * in, the queue of their bodies, one body's answers with a decision per question, completion,
 * and the objections to rule on. Thin: each page asks the services (which check access) and
 * renders what they answer.
 */
@ApiExcludeController()
@Controller('verifikator')
@WebController()
@ForRoles('verifier', 'admin')
export class VerifierController {
  constructor(
    private readonly pages: Pages,
    private readonly editions: EditionsService,
    private readonly saq: SaqService,
    private readonly verification: VerificationService,
    private readonly objections: ObjectionsService,
    private readonly evidence: EvidenceService,
  ) {}

  /** The editions the verifier has bodies in, each with its bodies counted by status. */
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async home(@CurrentActor() actor: Actor, @Req() request: WebRequest): Promise<string> {
    const editions = await this.editions.list(actor);
    const worklists: { edition: EditionView; queue: VerificationQueue }[] = [];
    for (const edition of editions) {
      if (!edition.stages.some((s) => s.kind === 'questionnaire')) continue;
      try {
        worklists.push({ edition, queue: await this.verification.queue(actor, edition.code) });
      } catch (error) {
        // an edition of the verifier's commission without an assignment of theirs is not theirs to verify
        if (!isRefusal(error) || error.status !== 403) throw error;
      }
    }
    return this.pages.render('/verifier/home', this.context(actor, request, 'Verifikator'), { worklists, statuses: QUEUE_STATUSES, fmt: FORMAT });
  }

  /** The queue: the verifier's bodies with their status, filtered by status and category and searched by name or code. */
  @Get(':edition')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async queue(
    @CurrentActor() actor: Actor,
    @Req() request: WebRequest,
    @Param('edition') editionCode: string,
    @Query('status') status?: string,
    @Query('kategori') category?: string,
    @Query('cari') search?: string,
    @Query('tahap') stage?: string,
  ): Promise<string> {
    const chosen = (QUEUE_STATUSES as readonly string[]).includes(status ?? '') ? (status as QueueStatus) : undefined;
    const queue = await this.verification.queue(actor, editionCode, { status: chosen, category: category || undefined, search: search || undefined }, stage || undefined);
    const edition = await this.editions.get(actor, editionCode);
    return this.pages.render('/verifier/queue', this.context(actor, request, `Antrean verifikasi · ${edition.title}`), {
      edition, queue, filter: { status: chosen ?? '', category: category ?? '', search: search ?? '' }, stage: stage ?? '',
      stages: edition.stages.filter((s) => s.kind === 'questionnaire').map((s) => s.code),
      statuses: QUEUE_STATUSES, fmt: FORMAT, zone: timeZoneOf(edition),
      pending: queue.counts.objections_pending, stageQuery: stageQuery(stage || undefined),
    });
  }

  /** The objections to rule on, each with the original answer, the decision and the body's reason side by side. */
  @Get(':edition/sanggah')
  @Header('Content-Type', 'text/html; charset=utf-8')
  objectionsPage(@CurrentActor() actor: Actor, @Req() request: WebRequest, @Param('edition') editionCode: string): Promise<string> {
    return this.renderObjections(actor, request, editionCode, null);
  }

  /** A ruling: `Terima sanggah` / `Tolak sanggah` with a `Catatan` (and, when upheld, the value that counts if not the body's own). */
  @Post(':edition/sanggah/:id')
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  async rule(
    @CurrentActor() actor: Actor,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) response: PageResponse,
    @Param('edition') editionCode: string,
    @Param('id', new ParseIntPipe({ exceptionFactory: () => new NotFoundError('objection', '(not a number)') })) id: number,
    @Body() form: Record<string, unknown>,
  ): Promise<string> {
    const at = `sanggah-${id}`;
    const decision = field(form, 'putusan');
    const note = field(form, 'catatan').trim();
    let problem: string | null = null;
    if (decision !== 'upheld' && decision !== 'rejected') problem = 'Pilih Terima sanggah atau Tolak sanggah.';
    else if (!note) problem = 'Tulis catatan untuk putusan ini.';
    const value = decision === 'upheld' && field(form, 'berlaku') === 'lain' ? formValue(field(form, 'jenis'), form) : undefined;
    if (!problem && decision === 'upheld' && field(form, 'berlaku') === 'lain' && value === undefined) problem = 'Pilih nilai yang berlaku, atau pulihkan jawaban badan publik.';
    if (problem) {
      response.status(400);
      return this.renderObjections(actor, request, editionCode, { at, text: problem });
    }
    try {
      const dto = await validated(RuleObjectionDto, { decision, note, ...(value !== undefined ? { value } : {}) });
      await this.objections.rule(actor, editionCode, id, dto);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const refused = pageError(error);
      response.status(refused.status);
      return this.renderObjections(actor, request, editionCode, { at, text: refused.text });
    }
    return seeOther(response, `/verifikator/${encodeURIComponent(editionCode)}/sanggah#${at}`);
  }

  /** One body's answers per indicator, a decision per question, the scores, and completion. */
  @Get(':edition/:body')
  @Header('Content-Type', 'text/html; charset=utf-8')
  bodyPage(
    @CurrentActor() actor: Actor,
    @Req() request: WebRequest,
    @Param('edition') editionCode: string,
    @Param('body') bodyCode: string,
    @Query('tahap') stage?: string,
    @Query('konfirmasi') confirm?: string,
  ): Promise<string> {
    return this.renderBody(actor, request, editionCode, bodyCode, stage || undefined, { problem: null, confirm: confirm === 'selesai' });
  }

  /**
   * A decision on one answer: with htmx, the question's saved state and the scores (out of
   * band); as a plain form, back to the question (303), or the page with the refusal beside it.
   */
  @Post(':edition/:body/keputusan/:question')
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  async decide(
    @CurrentActor() actor: Actor,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) response: PageResponse,
    @Param('edition') editionCode: string,
    @Param('body') bodyCode: string,
    @Param('question') question: string,
    @Body() form: Record<string, unknown>,
    @Query('tahap') stage?: string,
  ): Promise<string> {
    const at = anchorOf(question);
    const decision = field(form, 'keputusan');
    const note = field(form, 'catatan').trim();
    const value = decision === 'correct' ? formValue(field(form, 'jenis'), form) : undefined;
    let problem: string | null = null;
    if (!DECISIONS.some((d) => d.value === decision)) problem = 'Pilih keputusan: Terima, Tolak, atau Koreksi.';
    else if (decision === 'correct' && value === undefined) problem = 'Koreksi memerlukan nilai: pilih jawaban yang benar.';
    try {
      if (problem) {
        response.status(400);
        if (isHtmx(request)) return this.pages.render('/error-fragment', this.context(actor, request, ''), { error: { text: problem } });
        return await this.renderBody(actor, request, editionCode, bodyCode, stage || undefined, { problem: { at, text: problem }, confirm: false });
      }
      const dto = await validated(DecideDto, { decision, ...(value !== undefined ? { value } : {}), ...(note ? { note } : {}) });
      await this.verification.decide(actor, editionCode, bodyCode, question, dto, stage || undefined);
    } catch (error) {
      if (isHtmx(request) || !isRefusal(error)) throw error;
      const refused = pageError(error);
      response.status(refused.status);
      return this.renderBody(actor, request, editionCode, bodyCode, stage || undefined, { problem: { at, text: refused.text }, confirm: false });
    }
    if (!isHtmx(request)) return seeOther(response, `${this.bodyUrl(editionCode, bodyCode, stage)}#${at}`);
    const view = await this.saq.view(actor, editionCode, bodyCode, stage || undefined);
    const edition = await this.editions.get(actor, editionCode);
    return this.pages.render('/verifier/decided', this.context(actor, request, ''), { ...this.bodyData(view, edition), code: question, fmt: FORMAT });
  }

  /** `Ya, selesaikan`: verification of the body is complete; its decisions are locked. */
  @Post(':edition/:body/selesai')
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  async complete(
    @CurrentActor() actor: Actor,
    @Req() request: WebRequest,
    @Res({ passthrough: true }) response: PageResponse,
    @Param('edition') editionCode: string,
    @Param('body') bodyCode: string,
    @Query('tahap') stage?: string,
  ): Promise<string> {
    try {
      await this.verification.complete(actor, editionCode, bodyCode, stage || undefined);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const refused = pageError(error);
      response.status(refused.status);
      return this.renderBody(actor, request, editionCode, bodyCode, stage || undefined, { problem: { at: 'selesai', text: refused.text }, confirm: false });
    }
    return seeOther(response, `${this.bodyUrl(editionCode, bodyCode, stage)}#ringkasan`);
  }

  private context(actor: Actor, request: WebRequest, title: string): PageContext {
    return { title, actor, csrf: request.webSession!.csrf };
  }

  private bodyUrl(editionCode: string, bodyCode: string, stage: string | undefined): string {
    return `/verifikator/${encodeURIComponent(editionCode)}/${encodeURIComponent(bodyCode)}${stageQuery(stage || undefined)}`;
  }

  /** What the body page and its fragments show of a view: the questions in order, which are decided, the window. */
  private bodyData(view: SaqView, edition: EditionView) {
    const questions = view.questionnaire.indicators.flatMap((i) => i.questions);
    const undecided = questions.filter((q) => !view.decisions[q.code]);
    const complete = view.verificationCompletedAt !== null;
    const submitted = view.submittedAt !== null;
    const named = view.stage === this.firstQuestionnaireStage(edition) ? undefined : view.stage;
    return {
      view, edition, zone: timeZoneOf(edition), questions, undecided, complete, submitted, canDecide: submitted && !complete,
      decidedCount: questions.length - undecided.length, base: this.bodyUrl(view.edition, view.body.code, undefined), stageQuery: stageQuery(named),
    };
  }

  private firstQuestionnaireStage(edition: EditionView): string | undefined {
    return edition.stages.find((s) => s.kind === 'questionnaire')?.code;
  }

  private async renderBody(actor: Actor, request: WebRequest, editionCode: string, bodyCode: string, stage: string | undefined, extra: { problem: Problem | null; confirm: boolean }): Promise<string> {
    const view = await this.saq.view(actor, editionCode, bodyCode, stage);
    const edition = await this.editions.get(actor, editionCode);
    const files = await this.evidence.list(actor, editionCode, bodyCode, view.stage);
    return this.pages.render('/verifier/body', this.context(actor, request, `Verifikasi ${view.body.name}`), {
      ...this.bodyData(view, edition), ...extra, files, fmt: FORMAT,
    });
  }

  private async renderObjections(actor: Actor, request: WebRequest, editionCode: string, problem: Problem | null): Promise<string> {
    const objections = await this.objections.list(actor, editionCode);
    const edition = await this.editions.get(actor, editionCode);
    const views = new Map<string, SaqView>();
    for (const o of objections) {
      const key = `${o.stage}/${o.body}`;
      if (!views.has(key)) views.set(key, await this.saq.view(actor, editionCode, o.body, o.stage));
    }
    const items = objections.map((objection) => objectionItem(objection, views.get(`${objection.stage}/${objection.body}`)!));
    return this.pages.render('/verifier/objections', this.context(actor, request, `Sanggah · ${edition.title}`), {
      edition, zone: timeZoneOf(edition), pending: items.filter((i) => i.objection.status === 'pending'), ruled: items.filter((i) => i.objection.status !== 'pending'),
      problem, fmt: FORMAT,
    });
  }
}

/** One objection as the page shows it: the question, the body's answer, the verifier's decision and the body's reason. */
export interface ObjectionItem {
  objection: ObjectionView;
  bodyName: string;
  question: QuestionDef;
  answer: { value: AnswerValue; evidence: string[] } | null;
  decision: { decision: 'accept' | 'reject' | 'correct'; value?: AnswerValue; note?: string } | null;
}

function objectionItem(objection: ObjectionView, view: SaqView): ObjectionItem {
  const question = findQuestion(view.questionnaire, objection.question) ?? { code: objection.question, text: '', type: 'yes_no', points: 0, evidence: 'none' };
  const decided = view.decisions[objection.question];
  return {
    objection,
    bodyName: view.body.name,
    question,
    answer: view.answers[objection.question] ?? null,
    decision: decided ? { decision: decided.decision, ...(decided.decision === 'correct' ? { value: decided.value } : {}), ...(decided.note ? { note: decided.note } : {}) } : null,
  };
}
