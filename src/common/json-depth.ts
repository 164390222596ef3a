/** SPEC §16: JSON nested deeper than this is refused with 400, before it is parsed or validated. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether UTF-8 JSON text nests arrays and objects deeper than `limit` (`[[1]]` is 2 deep). One
 * pass over the bytes with a counter — no recursion that a deep text could overflow, and no
 * parse: it stops at the first bracket past the limit (a few ms for a 2 MB body, a fraction of parsing
 * it). Brackets inside strings do not count.
 * In UTF-8 every byte of a multi-byte character is ≥ 0x80, so it is never a quote, a backslash
 * or a bracket. Malformed text is left for the parser to refuse.
 */
export function nestsDeeperThan(text: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/** An error body parsing turns into its status (the error filter names it as a request body problem), with its Indonesian text. */
function parserError(status: number, type: string, message: string, text: string): Error {
  return Object.assign(new Error(message), { status, type, text });
}

/**
 * The JSON body parser's `verify` step, run on the raw bytes just before they are parsed: JSON
 * that is not UTF-8 (RFC 8259 §8.1) is refused with 415, JSON nested deeper than
 * MAX_JSON_DEPTH with 400 — before the parser, the validation pipe or a service walks it (10,000
 * levels used to overflow the validation pipe's recursion: 500 with a stack trace in the log).
 */
export function refuseDeepJson(_request: unknown, _response: unknown, body: Buffer, encoding: string | null): void {
  if (encoding !== null && encoding !== 'utf-8') {
    throw parserError(415, 'charset.unsupported', `JSON must be sent as UTF-8, not ${encoding} (RFC 8259)`, `JSON harus dikirim dalam UTF-8, bukan ${encoding} (RFC 8259)`);
  }
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
    throw parserError(400, 'entity.too.deep', `JSON nested deeper than ${MAX_JSON_DEPTH} levels is refused`, `JSON yang bersarang lebih dari ${MAX_JSON_DEPTH} tingkat ditolak`);
  }
}
