/**
 * Sorting and searching for the incident table, on index arrays with typed-array keys (no
 * per-row objects), so 100k+ rows sort in tens of milliseconds.
 *
 * Sort keys: date = day; threat = the type's label, alphabetical; perpetrator = the name,
 * alphabetical (locale-aware); killed / injured = counts; location precision = the
 * taxonomy order (exact → country); id = natural order ("R2" before "R10"). Ties keep
 * table order in both directions, so a sort is stable and reproducible.
 */
import type { IncidentTable } from '../../domain/incidents.ts';
import { THREAT_TYPES } from '../../domain/taxonomy.ts';

export type SortKey = 'date' | 'threat' | 'perpetrator' | 'killed' | 'injured' | 'locationPrecision' | 'id';
export type SortDir = 'asc' | 'desc';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** rank[code] = position of the code when its strings are sorted. */
function ranksOf(strings: readonly string[]): Uint32Array {
  const order = strings.map((_, i) => i).sort((a, b) => collator.compare(strings[a]!, strings[b]!) || a - b);
  const rank = new Uint32Array(strings.length);
  order.forEach((code, r) => { rank[code] = r; });
  return rank;
}

const THREAT_RANK = ranksOf(THREAT_TYPES.map((t) => t.label));
const perpRankCache = new WeakMap<readonly string[], Uint32Array>();
const idRankCache = new WeakMap<readonly string[], Uint32Array>();
function cached(cache: WeakMap<readonly string[], Uint32Array>, strings: readonly string[]): Uint32Array {
  let r = cache.get(strings);
  if (!r) { r = ranksOf(strings); cache.set(strings, r); }
  return r;
}

/** Per-row numeric sort key for `key` (a view over a column or a ranked copy). */
export function sortKeyColumn(t: IncidentTable, key: SortKey): ArrayLike<number> {
  switch (key) {
    case 'date': return t.day;
    case 'killed': return t.fatalities;
    case 'injured': return t.injured;
    case 'locationPrecision': return t.locationPrecision;
    case 'threat': {
      const out = new Uint32Array(t.length);
      for (let i = 0; i < t.length; i++) out[i] = THREAT_RANK[t.threatType[i]!] ?? 255;
      return out;
    }
    case 'perpetrator': {
      const rank = cached(perpRankCache, t.strings.perpetrators);
      const out = new Uint32Array(t.length);
      for (let i = 0; i < t.length; i++) out[i] = rank[t.perpetrator[i]!] ?? 0xffffffff;
      return out;
    }
    case 'id': return cached(idRankCache, t.ids); // computed once per table (a string sort)
  }
}

const POS = 2 ** 21;

/**
 * A sorted copy of `indices` (ties: table order). Fast path: key and row packed into one
 * float64 (key × 2²¹ + row, exact below 2⁵³) and sorted natively without a comparator;
 * tables over 2M rows fall back to a comparator sort.
 */
export function sortIndices(t: IncidentTable, indices: Uint32Array, key: SortKey, dir: SortDir): Uint32Array {
  const k = sortKeyColumn(t, key);
  const n = indices.length;
  let min = Infinity, max = -Infinity;
  for (let j = 0; j < n; j++) { const v = k[indices[j]!]!; if (v < min) min = v; if (v > max) max = v; }
  if (t.length <= POS && (n === 0 || max - min < 2 ** 32)) {
    const packed = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const i = indices[j]!;
      packed[j] = (dir === 'asc' ? k[i]! - min : max - k[i]!) * POS + i;
    }
    packed.sort();
    const out = new Uint32Array(n);
    for (let j = 0; j < n; j++) out[j] = packed[j]! % POS;
    return out;
  }
  const out = Uint32Array.from(indices);
  const s = dir === 'asc' ? 1 : -1;
  out.sort((a, b) => s * (k[a]! - k[b]!) || a - b);
  return out;
}

interface SearchText {
  ids: string[];
  descriptions: string[];
}
const lowerCache = new WeakMap<IncidentTable, SearchText>();

/**
 * The `indices` (order kept) whose id, perpetrator name, threat-type label or description
 * contains `query`, case-insensitively. Lower-cased ids and descriptions are built once
 * per table on the first search.
 */
export function searchIndices(t: IncidentTable, indices: Uint32Array, query: string): Uint32Array {
  const q = query.trim().toLowerCase();
  if (!q) return indices;
  let text = lowerCache.get(t);
  if (!text) {
    text = { ids: t.ids.map((s) => (s ?? '').toLowerCase()), descriptions: t.descriptions.map((s) => (s ?? '').toLowerCase()) };
    lowerCache.set(t, text);
  }
  const perpHit = Uint8Array.from(t.strings.perpetrators, (n) => (n.toLowerCase().includes(q) ? 1 : 0));
  const typeHit = new Uint8Array(256);
  THREAT_TYPES.forEach((tt, c) => { typeHit[c] = tt.label.toLowerCase().includes(q) ? 1 : 0; });
  const out = new Uint32Array(indices.length);
  let k = 0;
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j]!;
    if (perpHit[t.perpetrator[i]!] || typeHit[t.threatType[i]!] || text.ids[i]!.includes(q) || text.descriptions[i]!.includes(q)) out[k++] = i;
  }
  return out.slice(0, k);
}
