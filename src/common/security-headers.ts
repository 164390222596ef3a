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
 * SPEC §16 "Headers" on every response: no MIME sniffing, the referrer only to this origin,
 * framing refused, a Content-Security-Policy (the narrower API one everywhere but the OpenAPI
 * page), and `Cache-Control: no-store` on every authenticated response — a request with an
 * Authorization header, today's only credential — and on the auth routes, whose answers carry
 * tokens. Set before anything else runs, so body-parser errors and 404s carry them too.
 */
export function securityHeaders(apiPrefix: string) {
  const docs = `/${apiPrefix}/docs`;
  const auth = `/${apiPrefix}/auth/`;
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const path = (request.url ?? '').split('?')[0];
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'same-origin');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Content-Security-Policy', path === docs || path.startsWith(`${docs}/`) ? DOCS_CSP : API_CSP);
    if (request.headers.authorization !== undefined || path.startsWith(auth)) response.setHeader('Cache-Control', 'no-store');
    next();
  };
}
