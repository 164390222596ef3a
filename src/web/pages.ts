import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import { Actor } from '../common/actor';
import { Role } from '../users/user.entity';

/** The folder of the templates and assets: beside this file, in src/ and in dist/ alike (npm run build copies them). */
export const WEB_DIR = __dirname;
export const ASSETS_DIR = join(WEB_DIR, 'assets');
/** htmx 2.x, served by this server (no page requests another host). */
export const HTMX_FILE = require.resolve('htmx.org/dist/htmx.min.js');

/** Each role's home page (SPEC §11): where a user lands after login. */
export const HOME_OF: Record<Role, string> = { body: '/ppid', verifier: '/verifikator', juror: '/juri', admin: '/admin' };

export const ROLE_LABEL: Record<Role, string> = { body: 'Operator PPID', verifier: 'Verifikator', juror: 'Juri', admin: 'Admin komisi' };

/** What the layout needs on every page. */
export interface PageContext {
  title: string;
  actor: Actor | null;
  /** the CSRF token every form and htmx request carries; null on pages without a session */
  csrf: string | null;
  /** extra scripts of this page (asset names), after htmx and app.js */
  scripts?: string[];
  /** the role home's link is marked current */
  section?: string;
}

/**
 * Renders the eta templates that sit next to their controllers (`ppid/home.eta`), escaping every
 * `<%= %>` by default, inside `layout.eta`. Assets are linked with a content hash (`?v=…`), so a
 * browser may keep them for a year and still never runs an old script after an upgrade.
 */
@Injectable()
export class Pages {
  private readonly eta = new Eta({ views: WEB_DIR, cache: true, autoEscape: true, autoTrim: [false, 'nl'] });
  private readonly versions = new Map<string, string>();

  render(template: string, page: PageContext, data: Record<string, unknown> = {}): string {
    return this.eta.render(template, { ...data, page: { ...page, homeOf: HOME_OF, roleLabel: ROLE_LABEL }, asset: (name: string) => this.asset(name) });
  }

  /** `/aset/app.css?v=<hash>`: the URL of an asset, changing whenever its content does. */
  asset(name: string): string {
    let version = this.versions.get(name);
    if (version === undefined) {
      const file = name === 'htmx.min.js' ? HTMX_FILE : join(ASSETS_DIR, name);
      version = createHash('sha256').update(readFileSync(file)).digest('base64url').slice(0, 10);
      this.versions.set(name, version);
    }
    return `/aset/${name}?v=${version}`;
  }
}
