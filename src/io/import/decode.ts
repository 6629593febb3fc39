/**
 * Byte → text decoding for imports: owns encoding detection (UTF-8 with or without BOM,
 * UTF-16 with BOM, otherwise Windows-1252) and chunked decoding for streams.
 *
 * Why Windows-1252 and not "Latin-1": spreadsheets saved as "CSV" on Windows in
 * French/Portuguese locales are Windows-1252, which differs from ISO-8859-1 only in
 * 0x80–0x9F (€, curly quotes, œ…). Browsers map the label 'latin1' to Windows-1252
 * (WHATWG), but node's TextDecoder does not (0x80 → U+0080), so the table is explicit
 * here: the worker and the CLI must produce the same text from the same bytes.
 */

export type DetectedEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: DetectedEncoding;
}

/** WHATWG windows-1252 for 0x80–0x9F (undefined bytes map to the same code point, as browsers do). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  const codes = new Uint16Array(Math.min(CHUNK, bytes.length));
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      codes[i - start] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b;
    }
    parts.push(String.fromCharCode.apply(null, codes.subarray(0, end - start) as unknown as number[]));
  }
  return parts.join('');
}

function hasUtf8Bom(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

/** Encoding from the BOM alone, or null when there is no BOM. */
export function encodingFromBom(b: Uint8Array): DetectedEncoding | null {
  if (hasUtf8Bom(b)) return 'utf-8-bom';
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return null;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decode a whole file. UTF-8 is tried strictly (fatal) so that a single invalid byte
 * means "not UTF-8" and the file is read as Windows-1252 instead of getting U+FFFD
 * replacement characters in names. The BOM is removed from the text.
 */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  const bom = encodingFromBom(bytes);
  if (bom === 'utf-16le' || bom === 'utf-16be') {
    return { text: new TextDecoder(bom).decode(bytes.subarray(2)), encoding: bom };
  }
  if (bom === 'utf-8-bom' && isValidUtf8(bytes.subarray(3))) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (!bom) {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
    } catch { /* not UTF-8: fall through */ }
  }
  // A UTF-8 BOM followed by invalid UTF-8 is a mislabelled legacy file: drop the BOM bytes.
  return { text: decodeWindows1252(bom ? bytes.subarray(3) : bytes), encoding: 'windows-1252' };
}

/** Thrown by a streaming decoder when a UTF-8 stream turns out not to be UTF-8. */
export class NotUtf8Error extends Error {
  override name = 'NotUtf8Error';
}

/**
 * Incremental decoder for streams. `guess` comes from the first chunk (BOM, or a strict
 * UTF-8 check of the first bytes). If a later chunk proves the stream is not UTF-8,
 * `decode` throws NotUtf8Error and the caller restarts the stream as Windows-1252.
 */
export class ChunkDecoder {
  readonly encoding: DetectedEncoding;
  private readonly td: TextDecoder | null;
  private first = true;

  constructor(encoding: DetectedEncoding) {
    this.encoding = encoding;
    this.td = encoding === 'windows-1252' ? null
      : new TextDecoder(encoding === 'utf-8-bom' ? 'utf-8' : encoding, { fatal: encoding === 'utf-8' || encoding === 'utf-8-bom' });
  }

  /** Best guess from the first chunk of a stream. */
  static guess(firstChunk: Uint8Array): DetectedEncoding {
    const bom = encodingFromBom(firstChunk);
    if (bom) return bom;
    // The chunk may end inside a multi-byte sequence: ignore up to 3 trailing bytes.
    let end = firstChunk.length;
    for (let k = 0; k < 3 && end > 0 && (firstChunk[end - 1]! & 0xc0) === 0x80; k++) end--;
    if (end > 0 && firstChunk[end - 1]! >= 0xc0) end--;
    return isValidUtf8(firstChunk.subarray(0, end)) ? 'utf-8' : 'windows-1252';
  }

  decode(chunk: Uint8Array, last = false): string {
    let bytes = chunk;
    if (this.first) {
      this.first = false;
      if (this.encoding === 'utf-8-bom' && hasUtf8Bom(bytes)) bytes = bytes.subarray(3);
      else if ((this.encoding === 'utf-16le' || this.encoding === 'utf-16be') && bytes.length >= 2) bytes = bytes.subarray(2);
    }
    if (!this.td) return decodeWindows1252(bytes);
    try {
      return this.td.decode(bytes, { stream: !last });
    } catch {
      throw new NotUtf8Error('the file is not valid UTF-8');
    }
  }
}
