import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { CsvRecord } from './csv.ts';
import { CsvTokenizer, parseCsv, sniffDelimiter } from './csv.ts';
import { rng } from './synthetic.ts';

function chunked(text: string, sizes: () => number, delimiter = ','): CsvRecord[] {
  const out: CsvRecord[] = [];
  const t = new CsvTokenizer({ delimiter, onRecord: (r) => out.push(r) });
  for (let i = 0; i < text.length;) { const n = sizes(); t.push(text.slice(i, i + n)); i += n; }
  t.end();
  return out;
}

/** Random well-formed CSV: quoted cells with delimiters, quotes and CR/LF/CRLF inside; mixed record endings. */
function randomCsv(seed: number, rows: number): { text: string; cells: string[][]; lines: number[] } {
  const r = rng(seed);
  const eols = ['\n', '\r\n', '\r'];
  const pieces = ['a', 'b c', ',', '"', '\n', '\r\n', '\r', 'é', '€', ' ', 'x'];
  const cells: string[][] = [];
  const lines: number[] = [];
  let text = '';
  let line = 1;
  const countLines = (s: string): number => s.replace(/\r\n/g, '\n').replace(/\r/g, '\n').split('\n').length - 1;
  for (let i = 0; i < rows; i++) {
    const row: string[] = [];
    for (let c = 0; c < 4; c++) {
      let v = '';
      const len = Math.floor(r() * 5);
      for (let k = 0; k < len; k++) v += pieces[Math.floor(r() * pieces.length)];
      if (c === 0 && v.trim() === '') v = `r${i}`; // keep records non-blank
      row.push(v);
    }
    const enc = row.map((v) => (/[",\r\n]/.test(v) || r() < 0.2 ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
    lines.push(line);
    const eol = eols[Math.floor(r() * eols.length)]!;
    text += enc + eol;
    line += countLines(enc + eol);
    cells.push(row);
  }
  return { text, cells, lines };
}

describe('CsvTokenizer', () => {
  it('matches the intended cells and physical start lines, whatever the chunk sizes', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { text, cells, lines } = randomCsv(seed, 300);
      const whole = parseCsv(text);
      expect(whole.map((x) => x.fields)).toEqual(cells);
      expect(whole.map((x) => x.line)).toEqual(lines);
      const r = rng(seed + 100);
      for (const maxChunk of [1, 2, 3, 17, 4096]) {
        expect(chunked(text, () => 1 + Math.floor(r() * maxChunk))).toEqual(whole);
      }
    }
  });

  it('agrees with papaparse on cells for well-formed input (independent implementation)', () => {
    const { text } = randomCsv(9, 500);
    // papaparse treats a lone CR inside a CRLF file differently, so compare on LF-only text.
    const lf = text.replace(/\r\n?/g, '\n');
    const ours = parseCsv(lf).map((x) => x.fields);
    const theirs = Papa.parse<string[]>(lf, { skipEmptyLines: false, newline: '\n' }).data.filter((row) => !(row.length === 1 && row[0] === ''));
    expect(ours).toEqual(theirs);
  });

  it('keeps stray quotes, appends text after a closing quote, and recovers from an unterminated quote', () => {
    const recs = parseCsv('a,b\n1,x"y\n2,"q"z\n3,"open\n4,ok\n5,ok\n');
    expect(recs.map((r) => [r.line, r.fields, r.issue])).toEqual([
      [1, ['a', 'b'], undefined],
      [2, ['1', 'x"y'], 'stray-quote'],
      [3, ['2', 'qz'], 'text-after-quote'],
      [4, ['3', '"open'], 'unterminated-quote'],
      [5, ['4', 'ok'], undefined],
      [6, ['5', 'ok'], undefined],
    ]);
    // the same when fed one character at a time
    expect(chunked('a,b\n1,x"y\n2,"q"z\n3,"open\n4,ok\n5,ok\n', () => 1)).toEqual(recs);
  });

  it('skips blank lines (not records) but counts them as lines; strips the BOM; handles a missing final newline', () => {
    const recs = parseCsv('\uFEFFh1,h2\r\n\r\n  \r\n1,2\n\n\n3,4');
    expect(recs.map((r) => [r.line, r.fields])).toEqual([[1, ['h1', 'h2']], [4, ['1', '2']], [7, ['3', '4']]]);
    // a line of delimiters is a record (of empty cells), not a blank line
    expect(parseCsv('a,b\n,\n').length).toBe(2);
    expect(parseCsv('a,b\n""\n').length).toBe(2);
  });

  it('splits CRLF across chunks without counting two lines', () => {
    const text = 'a,b\r\n"x\r\ny",2\r\n3,4\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      const out: CsvRecord[] = [];
      const t = new CsvTokenizer({ delimiter: ',', onRecord: (r) => out.push(r) });
      t.push(text.slice(0, cut));
      t.push(text.slice(cut));
      t.end();
      expect(out.map((r) => [r.line, r.fields])).toEqual([[1, ['a', 'b']], [2, ['x\r\ny', '2']], [4, ['3', '4']]]);
    }
  });

  it('sniffs the delimiter from tokenized records', () => {
    expect(sniffDelimiter('a;b;c\n"1,5";2;3\n4;5;6\n')).toBe(';');
    expect(sniffDelimiter('a\tb\n1,5\t2\n')).toBe('\t');
    expect(sniffDelimiter('a|b|c\n1|2|3\n')).toBe('|');
    expect(sniffDelimiter('a,b\n1,2\n')).toBe(',');
    expect(sniffDelimiter('only\n1\n')).toBe(',');
  });
});
