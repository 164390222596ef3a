import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Pages } from '../pages';
import { Anyone, WebController, WebRequest } from '../web.guard';

/** The site's front page. The public results, decrees and certificate check come with web part 2 (issue 16). */
@ApiExcludeController()
@Controller()
@WebController()
export class HomeController {
  constructor(private readonly pages: Pages) {}

  @Get()
  @Anyone()
  @Header('Content-Type', 'text/html; charset=utf-8')
  home(@Req() request: WebRequest): string {
    return this.pages.render('/public/home', { title: 'Beranda', actor: request.actor ?? null, csrf: request.webSession?.csrf ?? null });
  }
}
