import { RouteInfo } from '@nestjs/common/interfaces';

/**
 * The paths the web pages own (SPEC §11: Indonesian paths outside the /api prefix). The API's
 * global prefix excludes them; everything else is the API.
 */
const ROOTS = ['masuk', 'keluar', 'akun', 'ppid', 'verifikator', 'juri', 'admin', 'hasil', 'verifikasi', 'aset', 'berkas'];

export const WEB_ROUTES: (string | RouteInfo)[] = ['/', ...ROOTS.flatMap((root) => [root, `${root}/{*rest}`])];

/** Whether a request path is a page's (or a page asset's), not the API's. */
export function isWebPath(path: string): boolean {
  if (path === '/' || path === '') return true;
  const first = path.split('?')[0].split('/')[1] ?? '';
  return ROOTS.includes(first);
}
