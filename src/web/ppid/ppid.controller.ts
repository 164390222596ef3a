import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../../common/actor';
import { EditionsService } from '../../editions/editions.service';
import { Pages } from '../pages';
import { ForRoles, WebController, WebRequest } from '../web.guard';

/** The PPID operator's pages (SPEC §11): the editions of their body. */
@ApiExcludeController()
@Controller('ppid')
@WebController()
@ForRoles('body')
export class PpidController {
  constructor(
    private readonly pages: Pages,
    private readonly editions: EditionsService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async home(@CurrentActor() actor: Actor, @Req() request: WebRequest): Promise<string> {
    const editions = await this.editions.list(actor);
    return this.pages.render('/ppid/home', { title: 'Operator PPID', actor, csrf: request.webSession!.csrf }, { editions });
  }
}
