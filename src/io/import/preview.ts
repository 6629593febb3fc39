/**
 * File preview for the import dialog: owns reading the first part of a file (already
 * decoded) and saying what the importer would assume — format, delimiter, header,
 * column mapping guess, date order, decimal comma — so the user can confirm or correct
 * it before the full import runs. Never imports anything.
 */
import { isCommentRecord, parseCsv, sniffDelimiter } from './csv.ts';
import type { Detected } from './detect.ts';
import { detectCsv } from './detect.ts';
import type { MappingGuess } from './generic.ts';
import { guessMapping } from './generic.ts';
import type { ImportOptions } from './types.ts';
import type { DateOrder } from './values.ts';
import { hasNumericDayMonth, sniffDateOrder } from './values.ts';

export interface FilePreview {
  syntax: 'csv' | 'json' | 'empty';
  delimiter?: string;
  header?: string[];
  /** Up to 20 records after the header, as cells. */
  rows?: string[][];
  detected?: Detected;
  /** Why detection failed (then the user must supply a mapping or a kind). */
  problem?: string;
  mapping?: MappingGuess;
  dateOrder?: DateOrder | 'ambiguous' | 'conflict';
  decimalComma?: boolean;
}

export function previewFile(sample: string, opts: Pick<ImportOptions, 'kind' | 'format' | 'delimiter'> = {}): FilePreview {
  const t = sample.replace(/^\uFEFF/, '');
  const m = /\S/.exec(t);
  if (!m) return { syntax: 'empty' };
  if (m[0] === '{' || m[0] === '[') return { syntax: 'json' };
  const cut = Math.max(t.lastIndexOf('\n'), t.lastIndexOf('\r'));
  const whole = cut > 0 ? t.slice(0, cut) : t;
  const delimiter = opts.delimiter ?? sniffDelimiter(whole);
  const parsed = parseCsv(whole, delimiter);
  // As the importer does: comment lines before the header are not part of the table.
  let first = 0;
  while (first < parsed.length && isCommentRecord(parsed[first]!.fields)) first++;
  const recs = parsed.slice(first);
  const header = recs[0]?.fields ?? [];
  const rows = recs.slice(1, 21).map((r) => r.fields);
  const out: FilePreview = { syntax: 'csv', delimiter, header, rows };
  try {
    out.detected = detectCsv(header.map((h) => h.trim()), opts.kind, opts.format);
  } catch (e) {
    out.problem = e instanceof Error ? e.message : String(e);
  }
  const guess = guessMapping(header);
  out.mapping = guess;
  const di = guess.mapping.date ? header.indexOf(guess.mapping.date) : -1;
  const dates = di >= 0 ? recs.slice(1).map((r) => r.fields[di] ?? '') : [];
  if (hasNumericDayMonth(dates)) out.dateOrder = sniffDateOrder(dates);
  const cols = [guess.mapping.lon, guess.mapping.lat].map((c) => (c ? header.indexOf(c) : -1)).filter((i) => i >= 0);
  out.decimalComma = delimiter !== ',' && recs.slice(1).some((r) => cols.some((i) => /^\s*[+-]?\d+,\d+\s*$/.test(r.fields[i] ?? '')));
  return out;
}
