import { Body, Controller, Get, Header, Param, Put, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../../common/actor';
import { EditionsService } from '../../editions/editions.service';
import { SaveAnswerDto } from '../../saq/dto/answer.dto';
import { SaqService } from '../../saq/saq.service';
import { Pages } from '../pages';
import { ForRoles, WebController, WebRequest } from '../web.guard';

/** What the page's script gets back for a saved answer: small (SPEC §11: ≤ 2 KB per autosave). */
export interface AutosaveAnswer {
  question: string;
  updatedAt: string;
  claimedScore: number;
}

/** The PPID operator's pages (SPEC §11): the editions of their body, the SAQ, and its autosave. */
@ApiExcludeController()
@Controller('ppid')
@WebController()
@ForRoles('body')
export class PpidController {
  constructor(
    private readonly pages: Pages,
    private readonly editions: EditionsService,
    private readonly saq: SaqService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async home(@CurrentActor() actor: Actor, @Req() request: WebRequest): Promise<string> {
    const editions = await this.editions.list(actor);
    return this.pages.render('/ppid/home', { title: 'Operator PPID', actor, csrf: request.webSession!.csrf }, { editions });
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
}
