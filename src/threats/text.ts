/**
 * Reasons in words, with their numbers attached, and the stable hash used for ids.
 *
 * Owns the number formats of every reason sentence in the threat register. A reason is
 * built from text pieces and numbers; each number is rounded ONCE to what is displayed and
 * recorded in `numbers` in the order it appears, so a test (or an export) can check that
 * what the sentence says is what was computed. Formats are fixed (not the browser
 * locale) so briefings print the same everywhere: thousands with commas ("52,000"),
 * decimals with a point, signed percentages with a space ("+180 %").
 */

export interface Reason {
  /** What the sentence is about (stable, for the UI to pick an icon or a place). */
  key: string;
  text: string;
  /** The numbers in `text`, in order, as displayed (after rounding). */
  numbers: number[];
}

export type Piece = string | Num;
interface Num { value: number; digits: number; signed: boolean }

/** A number shown with `digits` decimals (default 0). */
export function num(value: number, digits = 0): Num {
  return { value, digits, signed: false };
}
/** A number shown with its sign ("+180", "-35"). */
export function signed(value: number, digits = 0): Num {
  return { value, digits, signed: true };
}

function roundTo(v: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/** "52,000", "1,234.5": fixed format, commas for thousands. */
export function formatNumber(v: number, digits = 0): string {
  const r = roundTo(v, digits);
  const [int, frac] = Math.abs(r).toFixed(digits).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (r < 0 ? '-' : '') + grouped + (frac ? '.' + frac : '');
}

export function reason(key: string, ...pieces: Piece[]): Reason {
  let text = '';
  const numbers: number[] = [];
  for (const p of pieces) {
    if (typeof p === 'string') { text += p; continue; }
    const r = roundTo(p.value, p.digits);
    numbers.push(r);
    text += (p.signed && r > 0 ? '+' : '') + formatNumber(r, p.digits);
  }
  return { key, text, numbers };
}

/** Join reasons into one line, as in a briefing ("…; …; …"). */
export function joinReasons(rs: readonly Reason[], sep = '; '): string {
  return rs.map((r) => r.text).join(sep);
}

/**
 * Read the numbers back from a sentence (tests and audits): signed decimals with comma
 * thousands. A hyphen counts as a minus only when it does not follow a letter or digit
 * ("90-day" is 90, "-35 %" is −35).
 */
export function parseNumbers(text: string): number[] {
  const out: number[] = [];
  const re = /(^|[^\p{L}\p{N}])([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const v = Number((m[3]!.replace(/,/g, '')) + (m[4] ?? ''));
    out.push(m[2] === '-' ? -v : v);
  }
  return out;
}

/** "1 incident" / "3 incidents". */
export function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/**
 * Stable 48-bit hash of a string as 12 hex digits (two FNV-1a lanes with different
 * offsets): for deterministic candidate ids, not for security.
 */
export function stableHash(s: string): string {
  let h1 = 0x811c9dc5, h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x01000193 + 2) >>> 0;
  }
  return (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).slice(0, 12);
}
