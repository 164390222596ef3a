import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Actor, CurrentActor } from '../../common/actor';
import { EditionsService } from '../../editions/editions.service';
import { Pages } from '../pages';
import { ForRoles, WebController, WebRequest } from '../web.guard';

/** The verifier's pages (SPEC §11): the editions they verify in. */
@ApiExcludeController()
@Controller('verifikator')
@WebController()
@ForRoles('verifier')
export class VerifierController {
  constructor(
    private readonly pages: Pages,
    private readonly editions: EditionsService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async home(@CurrentActor() actor: Actor, @Req() request: WebRequest): Promise<string> {
    const editions = await this.editions.list(actor);
    return this.pages.render('/verifier/home', { title: 'Verifikator', actor, csrf: request.webSession!.csrf }, { editions });
  }
}
