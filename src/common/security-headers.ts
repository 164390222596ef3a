import { IncomingMessage, ServerResponse } from 'http';

/**
 * The API answers JSON and files, never a page: nothing may load, run, frame or submit from a
 * response. (`frame-ancestors` is the CSP form of X-Frame-Options, for browsers that read one.)
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The OpenAPI page (Swagger UI): its scripts, stylesheet and icons are its own files on this
 * server (icons also as data: URLs in its stylesheet), it calls the API on this origin, and its
 * page holds two inline <style> blocks (no inline script, no eval).
 */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * The web pages (SPEC §11): every script, style, image, font and connection is this server's
 * own; no inline script or style, no eval, no frame around them; forms post only here; the SAQ
 * page's service worker is this origin's.
 */
export const WEB_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * SPEC §16 "Headers" on every response: no MIME sniffing, the referrer only to this origin,
 * framing refused, a Content-Security-Policy (the narrower API one everywhere but the OpenAPI
 * page, the web one on pages), and `Cache-Control: no-store` on every authenticated response — a
 * request with an Authorization header or a page request with a session cookie — and on the auth
 * routes and the login page, whose answers carry tokens. Set before anything else runs, so
 * body-parser errors and 404s carry them too.
 */
export function securityHeaders(apiPrefix: string, isWebPath: (path: string) => boolean, hasSession: (cookieHeader: string | undefined) => boolean) {
  const docs = `/${apiPrefix}/docs`;
  const auth = `/${apiPrefix}/auth/`;
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const path = (request.url ?? '').split('?')[0];
    const web = isWebPath(path);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'same-origin');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Content-Security-Policy', web ? WEB_CSP : path === docs || path.startsWith(`${docs}/`) ? DOCS_CSP : API_CSP);
    // the pages' assets are the same for everyone (and versioned): cacheable with or without a session
    const page = web && !path.startsWith('/aset/');
    const authenticated = request.headers.authorization !== undefined || (page && hasSession(request.headers.cookie));
    if (authenticated || path.startsWith(auth) || path === '/masuk') response.setHeader('Cache-Control', 'no-store');
    next();
  };
}
