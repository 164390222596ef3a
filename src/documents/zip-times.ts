const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** the end record's fixed size, and the longest comment that may follow it */
const END_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** An instant as a zip entry's MS-DOS time and date (two seconds' resolution, its UTC fields, years 1980–2107). */
function dosTime(at: Date): { time: number; date: number } {
  const year = Math.min(2107, Math.max(1980, at.getUTCFullYear()));
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

/**
 * The zip (an xlsx) with every entry's modification time set to `at`. exceljs's zip writer stamps
 * each entry with the moment it was written, so the same workbook rendered twice differed in
 * those bytes only; with the publication's own instant, rendering a published version again — after
 * an upgrade of the renderers, or in another process — gives the same bytes and the same strong
 * ETag (SPEC §16 "rendered once"; issue 14: a published version stays byte for byte what it was).
 * The times are in the local headers and the central directory, nowhere else: the zip has no
 * extended timestamp fields, and the checksums cover the content only. A zip this does not
 * recognise (zip64, a broken directory) is returned unchanged.
 */
export function withEntryTimes(zip: Buffer, at: Date): Buffer {
  let end = -1;
  for (let i = zip.length - END_SIZE; i >= Math.max(0, zip.length - END_SIZE - MAX_COMMENT); i--) {
    if (zip.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return zip;
  const entries = zip.readUInt16LE(end + 10);
  const start = zip.readUInt32LE(end + 16);
  if (entries === 0xffff || start === 0xffffffff) return zip;
  const out = Buffer.from(zip);
  const { time, date } = dosTime(at);
  let offset = start;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > end || out.readUInt32LE(offset) !== DIRECTORY_ENTRY) return zip;
    const local = out.readUInt32LE(offset + 42);
    if (local + 30 > start || out.readUInt32LE(local) !== LOCAL_HEADER) return zip;
    out.writeUInt16LE(time, offset + 12);
    out.writeUInt16LE(date, offset + 14);
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(date, local + 12);
    offset += 46 + out.readUInt16LE(offset + 28) + out.readUInt16LE(offset + 30) + out.readUInt16LE(offset + 32);
  }
  return out;
}
