import { createHmac, randomBytes, timingSafeEqual } from 'crypto';

/** The session cookie (SPEC §11): names the server-side session row by its secret. */
export const SESSION_COOKIE = 'monev_sesi';
/** Before login there is no session: the login form's CSRF token is this cookie's double. */
export const LOGIN_CSRF_COOKIE = 'monev_masuk';
/** Where a form sends its CSRF token; htmx and the page scripts send it as this header. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** `a=1; b=2` → {a: '1', b: '2'} (the first of a repeated name wins, as browsers send the most specific first). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    if (!name || name in cookies) continue;
    const raw = part.slice(at + 1).trim().replace(/^"(.*)"$/, '$1');
    try {
      cookies[name] = decodeURIComponent(raw);
    } catch {
      cookies[name] = raw;
    }
  }
  return cookies;
}

export interface CookieOptions {
  maxAgeSeconds: number;
  secure: boolean;
}

/** An HttpOnly, SameSite=Lax cookie for the whole site (Secure when the public URL is https). */
export function cookieHeader(name: string, value: string, options: CookieOptions): string {
  return [`${name}=${encodeURIComponent(value)}`, 'Path=/', `Max-Age=${options.maxAgeSeconds}`, 'HttpOnly', 'SameSite=Lax', ...(options.secure ? ['Secure'] : [])].join('; ');
}

export function clearedCookieHeader(name: string, secure: boolean): string {
  return cookieHeader(name, '', { maxAgeSeconds: 0, secure });
}

/**
 * The CSRF token of a session: an HMAC of its stored id under the login token key, so it needs
 * no storage, differs per session and dies with it; "csrf" separates this use of the key.
 */
export function csrfTokenOf(key: string, sessionId: string): string {
  return createHmac('sha256', key).update(`csrf\0${sessionId}`, 'utf8').digest('base64url');
}

export function newLoginCsrf(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time comparison of two tokens (false when either is missing). */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Where to go after login: a path on this site only (`/ppid/…`), never another host
 * (`//evil`, `/\\evil`, `https://…`), and never back to the login page.
 */
export function safeNext(next: unknown): string | null {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (/[\u0000-\u001f\\]/.test(next) || next.startsWith('/masuk') || next.startsWith('/keluar')) return null;
  return next.length <= 500 ? next : null;
}
