import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../../common/actor';
import { EditionsService } from '../../editions/editions.service';
import { Pages } from '../pages';
import { ForRoles, WebController, WebRequest } from '../web.guard';

/** The juror's home: the editions they are assigned in. The score sheets are web part 2 (issue 16). */
@ApiExcludeController()
@Controller('juri')
@WebController()
@ForRoles('juror')
export class JurorController {
  constructor(
    private readonly pages: Pages,
    private readonly editions: EditionsService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async home(@CurrentActor() actor: Actor, @Req() request: WebRequest): Promise<string> {
    const editions = await this.editions.list(actor);
    return this.pages.render('/juror/home', { title: 'Juri', actor, csrf: request.webSession!.csrf }, { editions });
  }
}
