import { Body, Controller, Get, Header, HttpCode, Ip, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuthService } from '../../auth/auth.service';
import { ChangePasswordDto } from '../../auth/dto/password.dto';
import { LoginDto } from '../../auth/dto/login.dto';
import { Actor, CurrentActor } from '../../common/actor';
import { InvalidInputError } from '../../common/errors';
import { field, PageResponse, seeOther, validated } from '../forms';
import { HOME_OF, Pages } from '../pages';
import { isRefusal, pageError } from '../web-errors';
import { AccountPage, Anyone, WebController, WebRequest } from '../web.guard';
import { WebCookies } from '../web-cookies';

/** Logging in and out, and changing one's password (SPEC §11, §12). */
@ApiExcludeController()
@Controller()
@WebController()
export class AccountController {
  constructor(
    private readonly auth: AuthService,
    private readonly pages: Pages,
    private readonly cookies: WebCookies,
  ) {}

  @Get('masuk')
  @Anyone()
  @Header('Content-Type', 'text/html; charset=utf-8')
  loginPage(@Req() request: WebRequest, @Res({ passthrough: true }) response: PageResponse, @Query('lanjut') next?: string, @Query('keluar') loggedOut?: string): string {
    if (request.actor) {
      return seeOther(response, this.cookies.next(next) ?? HOME_OF[request.actor.role]);
    }
    return this.loginForm(response, { next: this.cookies.next(next), notice: loggedOut !== undefined ? 'Anda sudah keluar.' : null, error: null, username: '' });
  }

  @Post('masuk')
  @Anyone()
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  async login(@Body() form: unknown, @Ip() address: string, @Res({ passthrough: true }) response: PageResponse): Promise<string> {
    const next = this.cookies.next(field(form, 'lanjut'));
    const username = field(form, 'username').trim();
    try {
      const dto = await validated(LoginDto, { username, password: field(form, 'password') });
      const login = await this.auth.loginWeb(dto.username, dto.password, address);
      response.setHeader('Set-Cookie', [this.cookies.session(login.session), this.cookies.clearLogin()]);
      return seeOther(response, login.mustChangePassword ? '/akun/kata-sandi' : next ?? HOME_OF[login.user.role]);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const refused = pageError(error);
      response.status(refused.status);
      const text = error instanceof InvalidInputError || refused.status === 401 ? 'Nama pengguna atau kata sandi salah.' : refused.text;
      return this.loginForm(response, { next, notice: null, error: text, username });
    }
  }

  @Post('keluar')
  async logout(@CurrentActor() actor: Actor, @Req() request: WebRequest, @Res({ passthrough: true }) response: PageResponse): Promise<string> {
    await this.auth.logout(actor, request.webSession!.id);
    response.setHeader('Set-Cookie', this.cookies.clearSession());
    return seeOther(response, '/masuk?keluar');
  }

  @Get('akun/kata-sandi')
  @AccountPage()
  @Header('Content-Type', 'text/html; charset=utf-8')
  passwordPage(@CurrentActor() actor: Actor, @Req() request: WebRequest): string {
    return this.passwordForm(actor, request, { error: null, done: false });
  }

  @Post('akun/kata-sandi')
  @AccountPage()
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  async changePassword(@CurrentActor() actor: Actor, @Body() form: unknown, @Ip() address: string, @Req() request: WebRequest, @Res({ passthrough: true }) response: PageResponse): Promise<string> {
    try {
      if (field(form, 'newPassword') !== field(form, 'repeatPassword')) {
        throw new InvalidInputError([{ field: 'repeatPassword', message: 'differs from the new password', text: 'berbeda dari kata sandi baru' }]);
      }
      const dto = await validated(ChangePasswordDto, { currentPassword: field(form, 'currentPassword'), newPassword: field(form, 'newPassword') });
      const session = await this.auth.changePasswordWeb(actor, dto, address);
      response.setHeader('Set-Cookie', this.cookies.session(session));
      request.webSession = { id: session.id, csrf: this.cookies.csrfOf(session.id) };
      return this.passwordForm(actor, request, { error: null, done: true });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      response.status(pageError(error).status);
      return this.passwordForm(actor, request, { error: passwordProblem(error), done: false });
    }
  }

  private loginForm(response: PageResponse, data: { next: string | null; notice: string | null; error: string | null; username: string }): string {
    const csrf = this.cookies.loginCsrf();
    response.setHeader('Set-Cookie', this.cookies.login(csrf));
    return this.pages.render('/account/login', { title: 'Masuk', actor: null, csrf }, data);
  }

  private passwordForm(actor: Actor, request: WebRequest, data: { error: string | null; done: boolean }): string {
    return this.pages.render('/account/password', { title: 'Ubah kata sandi', actor, csrf: request.webSession!.csrf }, { ...data, home: HOME_OF[actor.role] });
  }
}

/** The password form's refusals, said of its own fields. */
function passwordProblem(error: unknown): string {
  if (error instanceof InvalidInputError) {
    const fields = error.issues.map((i) => i.field);
    if (fields.includes('currentPassword')) return 'Kata sandi sekarang salah.';
    if (fields.includes('repeatPassword')) return 'Ulangan kata sandi baru tidak sama dengan kata sandi baru.';
    if (error.issues.some((i) => i.field === 'newPassword' && /differ/.test(i.message))) return 'Kata sandi baru harus berbeda dari kata sandi sekarang.';
    if (fields.includes('newPassword')) return 'Kata sandi baru harus 12 sampai 128 karakter.';
  }
  return pageError(error).text;
}
