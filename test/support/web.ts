import { TestApp } from './app';

/** The CSRF token a page's form carries (the hidden `_csrf` field). */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

function cookiePairs(setCookie: unknown): string[] {
  return ((setCookie as string[] | undefined) ?? []).map((c) => c.split(';')[0]).filter((c) => !c.endsWith('='));
}

/**
 * Logs in through the login form as a browser does (its CSRF cookie and field) and answers the
 * session cookie to send; fails unless the form redirects to `expect` (the role's home by default).
 */
export async function webLogin(t: TestApp, username: string, password: string, expect?: string, next?: string): Promise<string[]> {
  const form = await t.http().get(next ? `/masuk?lanjut=${encodeURIComponent(next)}` : '/masuk');
  const res = await t.http().post('/masuk').set('Cookie', cookiePairs(form.headers['set-cookie'])).type('form')
    .send({ _csrf: csrfOf(form.text), username, password, ...(next ? { lanjut: next } : {}) });
  if (res.status !== 303) throw new Error(`web login ${username}: ${res.status} ${res.text.slice(0, 300)}`);
  if (expect && res.headers.location !== expect) throw new Error(`web login ${username}: went to ${res.headers.location}, not ${expect}`);
  const session = cookiePairs(res.headers['set-cookie']).filter((c) => c.startsWith('monev_sesi='));
  const raw = String(res.headers['set-cookie']);
  if (!/HttpOnly/.test(raw) || !/SameSite=Lax/.test(raw)) throw new Error('the session cookie is not HttpOnly and SameSite=Lax');
  return session;
}
