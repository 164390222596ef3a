import { createHmac } from 'crypto';

/** Crockford base32: no I, L, O or U, so a code read aloud or retyped survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 12; // 60 bits of the HMAC

export interface CertificateFields {
  edition: string;
  body: string;
  version: number;
  /** the final score as printed, e.g. "65.89" */
  final: string;
  predicate: string;
}

/**
 * The printed verification code of a certificate: an HMAC-SHA256 with the server's secret over
 * what the certificate states, shortened to 12 base32 characters (`7K3D-QX9M-2PTA`). Without the
 * secret a code cannot be forged; any change of edition, body, version, score or predicate
 * gives another code.
 */
export function certificateCode(secret: string, fields: CertificateFields): string {
  // JSON keeps the fields apart: no value can spill into the next one
  const message = JSON.stringify(['monev-kip/sertifikat', fields.edition, fields.body, fields.version, fields.final, fields.predicate]);
  const digest = createHmac('sha256', secret).update(message).digest();
  let bits = 0n;
  for (const byte of digest.subarray(0, 8)) bits = (bits << 8n) | BigInt(byte);
  bits >>= 4n; // keep the top 60 bits
  let code = '';
  for (let i = 0; i < LENGTH; i++) {
    code = ALPHABET[Number(bits & 31n)] + code;
    bits >>= 5n;
  }
  return group(code);
}

function group(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}`;
}

/** A code as someone typed it (any case, with or without dashes, O for 0, I or L for 1), or null. */
export function normalizeCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== LENGTH || [...cleaned].some((c) => !ALPHABET.includes(c))) return null;
  return group(cleaned);
}
