/**
 * Streaming CSV/TSV tokenizer: owns turning text chunks into records with the physical
 * line each record starts on, and delimiter sniffing.
 *
 * Rules (RFC 4180, lenient where real files are broken):
 *  - a record ends at LF, CRLF or a lone CR outside quotes; line numbers count each of
 *    those once, including the ones inside quoted fields, so `line` is what a text
 *    editor shows for the record's first character;
 *  - "" inside a quoted field is a quote; a quote inside an unquoted field is kept as a
 *    literal character (issue 'stray-quote'); text after a closing quote is appended to
 *    the field (issue 'text-after-quote');
 *  - a quote that is never closed would swallow the rest of the file into one field:
 *    instead, at the end, that opening quote is re-read as a literal character and the
 *    rest is tokenized again (issue 'unterminated-quote'), so no record disappears;
 *  - a blank line (nothing but spaces, no delimiter, no quotes) is not a record;
 *  - a UTF-8 BOM at the very start is dropped.
 * Chunks may split anything (a CRLF, a "" escape, a field): state carries over.
 */

export type CsvIssue = 'stray-quote' | 'text-after-quote' | 'unterminated-quote';

export interface CsvRecord {
  fields: string[];
  /** Physical (1-based) line where the record starts. */
  line: number;
  issue?: CsvIssue;
}

const LF = 10, CR = 13, QUOTE = 34;

const enum S { FieldStart, Unquoted, Quoted, QuoteSeen }

export interface CsvTokenizerOptions {
  delimiter: string;
  onRecord: (r: CsvRecord) => void;
  /** Line number of the first character fed (internal: re-tokenizing after an unterminated quote). */
  startLine?: number;
  /** Offset (in the fed text) of a quote to read as a literal character (internal). */
  literalQuoteAt?: number;
  /** Whether to drop a leading BOM (internal re-tokenizing passes false). */
  stripBom?: boolean;
}

export class CsvTokenizer {
  private readonly delim: number;
  private readonly onRecord: (r: CsvRecord) => void;
  private readonly literalQuoteAt: number;
  private state: S = S.FieldStart;
  private fields: string[] = [];
  private partial = '';
  private line: number;
  private recordLine: number;
  private recordQuoted = false;
  private issue: CsvIssue | undefined;
  private pendingCR = false; // the previous chunk ended with CR (outside or inside quotes)
  private first: boolean;
  /** Raw text of the current (incomplete) record from earlier chunks, for unterminated-quote recovery. */
  private raw: string[] = [];
  private rawLen = 0;
  private fed = 0; // total chars fed, for literalQuoteAt
  private openQuoteAt = -1; // offset (in the current record's raw text) of the opening quote of the current field

  constructor(opts: CsvTokenizerOptions) {
    if (opts.delimiter.length !== 1) throw new Error('delimiter must be one character');
    this.delim = opts.delimiter.charCodeAt(0);
    this.onRecord = opts.onRecord;
    this.line = opts.startLine ?? 1;
    this.recordLine = this.line;
    this.literalQuoteAt = opts.literalQuoteAt ?? -1;
    this.first = opts.stripBom ?? true;
  }

  /** Lines seen so far (the line the next character would be on). */
  get currentLine(): number { return this.line; }

  push(s: string): void {
    const n = s.length;
    let i = 0;
    if (n === 0) return;
    if (this.first) {
      this.first = false;
      if (s.charCodeAt(0) === 0xfeff) i = 1;
    }
    // Raw text of a record already in progress starts at 0 in this chunk (it includes the
    // LF of a split CRLF); otherwise the next record starts after the BOM / that LF.
    const inProgress = this.fields.length > 0 || this.partial !== '' || this.state !== S.FieldStart;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (s.charCodeAt(0) === LF) {
        // the LF of a CRLF split across chunks: the line was already counted at the CR
        if (this.state === S.Quoted) this.partial += '\n';
        i++;
      }
    }
    let recStart = inProgress ? 0 : i; // where the current record's raw text starts in this chunk
    const delim = this.delim;
    const base = this.fed;
    while (i < n) {
      switch (this.state) {
        case S.FieldStart: {
          const c = s.charCodeAt(i);
          if (c === QUOTE && base + i !== this.literalQuoteAt) {
            this.state = S.Quoted;
            this.recordQuoted = true;
            this.openQuoteAt = this.rawLen + (i - recStart);
            i++;
            continue;
          }
          this.state = S.Unquoted;
          continue;
        }
        case S.Unquoted: {
          let j = i;
          let c = 0;
          for (; j < n; j++) {
            c = s.charCodeAt(j);
            if (c === delim || c === LF || c === CR) break;
            if (c === QUOTE && base + j !== this.literalQuoteAt) this.issue ??= 'stray-quote';
          }
          if (j === n) { this.partial += s.slice(i, n); i = n; break; }
          this.fields.push(this.partial + s.slice(i, j));
          this.partial = '';
          if (c === delim) { i = j + 1; this.state = S.FieldStart; break; }
          i = this.endOfLine(s, j);
          this.endRecord();
          recStart = i;
          break;
        }
        case S.Quoted: {
          const k = s.indexOf('"', i);
          const end = k < 0 ? n : k;
          this.countQuotedNewlines(s, i, end);
          this.partial += s.slice(i, end);
          if (k < 0) { i = n; break; }
          i = k + 1;
          this.state = S.QuoteSeen;
          break;
        }
        case S.QuoteSeen: {
          const c = s.charCodeAt(i);
          if (c === QUOTE) { this.partial += '"'; i++; this.state = S.Quoted; break; }
          if (c === delim) { this.fields.push(this.partial); this.partial = ''; i++; this.state = S.FieldStart; break; }
          if (c === LF || c === CR) {
            this.fields.push(this.partial);
            this.partial = '';
            i = this.endOfLine(s, i);
            this.endRecord();
            recStart = i;
            break;
          }
          this.issue ??= 'text-after-quote';
          this.state = S.Unquoted;
          break;
        }
      }
    }
    // Keep the raw text of an incomplete record (only its tail lives in later chunks).
    if (this.fields.length > 0 || this.partial !== '' || this.state !== S.FieldStart) {
      const tail = s.slice(recStart);
      this.raw.push(tail);
      this.rawLen += tail.length;
    }
    this.fed += n;
  }

  /** Flush the last record (a file need not end with a newline). */
  end(): void {
    this.pendingCR = false;
    if (this.state === S.Quoted) {
      this.recoverUnterminatedQuote();
      return;
    }
    if (this.state === S.QuoteSeen || this.state === S.Unquoted || this.fields.length > 0) {
      this.fields.push(this.partial);
      this.partial = '';
      this.endRecord();
    }
  }

  private recoverUnterminatedQuote(): void {
    const raw = this.raw.join('');
    const at = this.openQuoteAt;
    let firstIssue = true;
    const sub = new CsvTokenizer({
      delimiter: String.fromCharCode(this.delim),
      startLine: this.recordLine,
      literalQuoteAt: at,
      stripBom: false,
      onRecord: (r) => {
        if (firstIssue) { firstIssue = false; r.issue = 'unterminated-quote'; }
        this.onRecord(r);
      },
    });
    this.reset();
    sub.push(raw);
    sub.end();
  }

  private reset(): void {
    this.fields = [];
    this.partial = '';
    this.state = S.FieldStart;
    this.recordQuoted = false;
    this.issue = undefined;
    this.raw = [];
    this.rawLen = 0;
    this.openQuoteAt = -1;
  }

  /** Consume the newline at s[j] (LF, CRLF or CR) and count it; return the next index. */
  private endOfLine(s: string, j: number): number {
    this.line++;
    if (s.charCodeAt(j) === CR) {
      if (j + 1 < s.length) return s.charCodeAt(j + 1) === LF ? j + 2 : j + 1;
      this.pendingCR = true;
    }
    return j + 1;
  }

  /** Count line breaks inside a quoted segment (a segment always ends at a quote or the chunk end). */
  private countQuotedNewlines(s: string, from: number, to: number): void {
    let prevCR = false;
    for (let k = from; k < to; k++) {
      const c = s.charCodeAt(k);
      if (c === LF) { if (!prevCR) this.line++; prevCR = false; }
      else if (c === CR) { this.line++; prevCR = true; }
      else prevCR = false;
    }
    // CR as the chunk's last character: a following LF (next chunk) belongs to the same break.
    if (to === s.length && prevCR) this.pendingCR = true;
  }

  private endRecord(): void {
    const f = this.fields;
    const blank = f.length === 1 && !this.recordQuoted && f[0]!.trim() === '';
    if (!blank) {
      const rec: CsvRecord = { fields: f, line: this.recordLine };
      if (this.issue) rec.issue = this.issue;
      this.onRecord(rec);
    }
    this.fields = [];
    this.state = S.FieldStart;
    this.recordQuoted = false;
    this.issue = undefined;
    this.raw = [];
    this.rawLen = 0;
    this.openQuoteAt = -1;
    this.recordLine = this.line;
  }
}

/** Tokenize a whole string (tests, small files). */
export function parseCsv(text: string, delimiter = ','): CsvRecord[] {
  const out: CsvRecord[] = [];
  const t = new CsvTokenizer({ delimiter, onRecord: (r) => out.push(r) });
  t.push(text);
  t.end();
  return out;
}

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * Pick the delimiter from a sample: the candidate that splits the header into the most
 * columns *and* gives the same count on the following lines. Counting is done on
 * tokenized records (so delimiters inside quotes do not count). Ties go to the order
 * in DELIMITERS (comma first). Leading `#` comment lines are passed over.
 */
/** A comment line before the header (our exports' provenance, other tools' notes): `#` first. */
export function isCommentRecord(fields: readonly string[]): boolean {
  return (fields[0] ?? '').replace(/^\uFEFF/, '').startsWith('#');
}

export function sniffDelimiter(sample: string): Delimiter {
  // Only whole lines: cut the sample after its last newline.
  const cut = Math.max(sample.lastIndexOf('\n'), sample.lastIndexOf('\r'));
  const text = cut > 0 ? sample.slice(0, cut) : sample;
  let best: Delimiter = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const all = parseCsv(text, d);
    // Comment lines before the header (e.g. our exports' provenance) say nothing about the delimiter.
    let first = 0;
    while (first < all.length && isCommentRecord(all[first]!.fields)) first++;
    const recs = all.slice(first, first + 30);
    if (recs.length === 0) continue;
    const width = recs[0]!.fields.length;
    if (width < 2) continue;
    const consistent = recs.filter((r) => r.fields.length === width).length / recs.length;
    const score = consistent * 1000 + Math.min(width, 999);
    if (score > bestScore) { bestScore = score; best = d; }
  }
  return best;
}
