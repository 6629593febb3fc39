/**
 * Seeded generator of ACLED-like CSV text (current 31-column layout) for the large-file
 * test and the import benchmark: no real event file of 100k+ rows is available offline.
 * Rows are invented (place names, actors and notes are placeholders), with quoting,
 * embedded newlines and, optionally, defects at fixed positions whose expected outcome
 * the generator computes itself, so the test can pin exact counts.
 */
import { mulberry32 as rng } from '../../domain/random.ts';

const HEADER = [
  'event_id_cnty', 'event_date', 'year', 'time_precision', 'disorder_type', 'event_type', 'sub_event_type', 'actor1',
  'assoc_actor_1', 'inter1', 'actor2', 'assoc_actor_2', 'inter2', 'interaction', 'civilian_targeting', 'iso', 'region',
  'country', 'admin1', 'admin2', 'admin3', 'location', 'latitude', 'longitude', 'geo_precision', 'source', 'source_scale',
  'notes', 'fatalities', 'tags', 'timestamp',
];

/** (event_type, sub_event_type, inter1, inter2, in scope) — a plausible mix for a POC mission area. */
const EVENTS: readonly [string, string, number, number, boolean][] = [
  ['Violence against civilians', 'Attack', 3, 7, true],
  ['Violence against civilians', 'Attack', 2, 7, true],
  ['Violence against civilians', 'Abduction/forced disappearance', 3, 7, true],
  ['Violence against civilians', 'Sexual violence', 2, 7, true],
  ['Battles', 'Armed clash', 1, 2, true],
  ['Battles', 'Armed clash', 3, 4, true],
  ['Explosions/Remote violence', 'Remote explosive/landmine/IED', 2, 1, true],
  ['Strategic developments', 'Looting/property destruction', 3, 7, true],
  ['Riots', 'Mob violence', 5, 7, true],
  ['Protests', 'Peaceful protest', 6, 0, false],
];

export { mulberry32 as rng } from '../../domain/random.ts';

export interface SyntheticOptions {
  seed?: number;
  /** Approximate length of the notes text per row. */
  notesLength?: number;
  /** Inject defects: null island every 1009th row, impossible date every 3001st, duplicate id every 2003rd. */
  defects?: boolean;
}

export interface SyntheticCsv {
  text: string;
  rows: number;
  /** Expected outcome with default import options. */
  expected: { accepted: number; rejected: number; reasons: Record<string, number> };
}

const WORDS = ['armed', 'men', 'attacked', 'village', 'near', 'the', 'river', 'road', 'market', 'civilians', 'fled', 'reported', 'local', 'sources', 'two', 'houses', 'were', 'burned'];

export function syntheticAcledCsv(rows: number, opts: SyntheticOptions = {}): SyntheticCsv {
  const rand = rng(opts.seed ?? 42);
  const notesLength = opts.notesLength ?? 120;
  const parts: string[] = [HEADER.join(',')];
  const reasons: Record<string, number> = {};
  let accepted = 0;
  let lastAcceptedId = '';
  const q = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  for (let i = 1; i <= rows; i++) {
    const [et, st, i1, i2, inScope] = EVENTS[Math.floor(rand() * EVENTS.length)]!;
    const day = 1 + Math.floor(rand() * 28), month = 1 + Math.floor(rand() * 12);
    let date = `2022-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    let lat = (2.5 + rand() * 8.5).toFixed(4), lon = (14.5 + rand() * 12.5).toFixed(4);
    let id = `SYN${i}`;
    let outcome: string | null = null;
    if (opts.defects && i % 1009 === 0) { lat = '0'; lon = '0'; outcome = 'null island (0,0): a missing location written as zeros'; }
    else if (opts.defects && i % 3001 === 0) { date = '2022-02-30'; outcome = 'impossible date (no such day)'; }
    else if (!inScope) outcome = 'outside POC scope (peaceful demonstration); import with out-of-scope = other to keep it';
    else if (opts.defects && i % 2003 === 0 && lastAcceptedId) { id = lastAcceptedId; outcome = 'duplicate id (the first accepted record with this id was kept)'; }
    if (outcome) reasons[outcome] = (reasons[outcome] ?? 0) + 1;
    else { accepted++; lastAcceptedId = id; }
    let notes = '';
    while (notes.length < notesLength) notes += `${WORDS[Math.floor(rand() * WORDS.length)]} `;
    if (i % 97 === 0) notes += '"quoted", with comma';
    if (i % 389 === 0) notes += '\nsecond line';
    const fat = rand() < 0.6 ? 0 : Math.floor(rand() * 12);
    const cells = [
      id, date, '2022', String(1 + Math.floor(rand() * 2)), 'Political violence', et, st, `Actor ${i1}-${Math.floor(rand() * 40)}`,
      '', String(i1), i2 === 7 ? 'Civilians (Synthetic)' : i2 ? `Actor ${i2}-${Math.floor(rand() * 40)}` : '', '', String(i2), `${i1}${i2}`, '',
      '140', 'Middle Africa', 'Synthetic Republic', `Province ${Math.floor(rand() * 16)}`, `District ${Math.floor(rand() * 70)}`, '',
      `Place ${Math.floor(rand() * 900)}`, lat, lon, String(1 + Math.floor(rand() * 3)), 'Source name', 'National', notes.trim(), String(fat), '',
      String(1640000000 + i),
    ];
    parts.push(cells.map(q).join(','));
  }
  const rejected = rows - accepted;
  return { text: parts.join('\n') + '\n', rows, expected: { accepted, rejected, reasons } };
}
