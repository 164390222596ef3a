import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../../common/actor';
import { EditionsService } from '../../editions/editions.service';
import { Pages } from '../pages';
import { ForRoles, WebController, WebRequest } from '../web.guard';

/**
 * The commission's home: its editions. The desk itself (monitoring, set-up, people,
 * assignments, compute, publication) is web part 2 (issue 16); until then the API does it.
 */
@ApiExcludeController()
@Controller('admin')
@WebController()
@ForRoles('admin')
export class AdminController {
  constructor(
    private readonly pages: Pages,
    private readonly editions: EditionsService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async home(@CurrentActor() actor: Actor, @Req() request: WebRequest): Promise<string> {
    const editions = await this.editions.list(actor);
    return this.pages.render('/admin/home', { title: 'Admin komisi', actor, csrf: request.webSession!.csrf }, { editions });
  }
}
