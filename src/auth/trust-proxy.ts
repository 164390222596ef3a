import { isIP } from 'net';

/** Express's `trust proxy`: off, a number of proxy hops, or the proxies' addresses and networks. */
export type TrustProxy = false | number | string[];

const NAMED = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * MONEV_TRUST_PROXY (SPEC §16), off by default: a hop count (`1` behind one reverse proxy) or a
 * comma-separated list of proxy addresses and CIDR networks (`10.0.0.0/8, 192.168.1.5`, or
 * Express's names loopback, linklocal, uniquelocal). Then the client address — what the login
 * throttle counts — is read from X-Forwarded-For, past the trusted proxies; without it the header
 * is ignored (any client could write it). `true` (trust everyone) is refused for that reason.
 */
export function parseTrustProxy(text: string | undefined): { value: TrustProxy } | { problem: string } {
  const trimmed = (text ?? '').trim();
  if (trimmed === '' || /^(false|off|no|0)$/i.test(trimmed)) return { value: false };
  if (/^\d+$/.test(trimmed)) {
    const hops = Number(trimmed);
    return hops <= 10 ? { value: hops } : { problem: `MONEV_TRUST_PROXY: "${trimmed}" hops is not believable (at most 10)` };
  }
  const entries = trimmed.split(',').map((e) => e.trim());
  const bad = entries.filter((entry) => !NAMED.includes(entry) && !isAddressOrNetwork(entry));
  if (bad.length) {
    return { problem: `MONEV_TRUST_PROXY: ${bad.map((b) => `"${b}"`).join(', ')} is neither a hop count nor an address or CIDR network (e.g. 1, or 10.0.0.0/8,192.168.1.5)` };
  }
  return { value: entries };
}

function isAddressOrNetwork(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}
