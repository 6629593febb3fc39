import { describe, expect, it } from 'vitest';
import { searchIndices, sortIndices, type SortKey } from './tableModel.ts';
import { incidentAt, type Incident } from '../../domain/incidents.ts';
import { LOCATION_PRECISIONS, THREAT_TYPES } from '../../domain/taxonomy.ts';
import { mulberry32, randomIncidents } from '../../../tests/fixtures/randomIncidents.ts';

const t = randomIncidents(5000, 21);
t.strings.perpetrators = t.strings.perpetrators.map((n, i) => (i % 3 === 0 ? n.toUpperCase() : i % 3 === 1 ? `éclair ${n}` : n));
t.ids = t.ids.map((id, i) => (i % 7 === 0 ? `X-${i}` : id));
t.descriptions = t.descriptions.map((_, i) => (i % 11 === 0 ? `Armed men near the Market at km ${i}` : `Report ${i}`));
const rows: Incident[] = Array.from({ length: t.length }, (_, i) => incidentAt(t, i));
const r = mulberry32(8);
const coll = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function naiveCompare(key: SortKey, a: Incident, b: Incident): number {
  switch (key) {
    case 'date': return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
    case 'threat': return coll.compare(THREAT_TYPES.find((x) => x.id === a.threatType)!.label, THREAT_TYPES.find((x) => x.id === b.threatType)!.label);
    case 'perpetrator': return coll.compare(a.perpetrator, b.perpetrator);
    case 'killed': return a.fatalities - b.fatalities;
    case 'injured': return a.injured - b.injured;
    case 'locationPrecision': return LOCATION_PRECISIONS.findIndex((x) => x.id === a.locationPrecision) - LOCATION_PRECISIONS.findIndex((x) => x.id === b.locationPrecision);
    case 'id': return coll.compare(a.id, b.id);
  }
}

describe('incident table model', () => {
  it('sorts index arrays like a naive object sort, ties in table order, both directions', () => {
    const keys: SortKey[] = ['date', 'threat', 'perpetrator', 'killed', 'injured', 'locationPrecision', 'id'];
    for (const key of keys) {
      for (const dir of ['asc', 'desc'] as const) {
        const idx = Uint32Array.from(rows.flatMap((_, i) => (r() < 0.5 ? [i] : [])));
        const got = Array.from(sortIndices(t, idx, key, dir));
        const want = Array.from(idx).sort((a, b) => (dir === 'asc' ? 1 : -1) * naiveCompare(key, rows[a]!, rows[b]!) || a - b);
        // The name/label ranks tie only on equal strings, so compare the key sequence and tie order.
        expect(got.length).toBe(want.length);
        for (let k = 1; k < got.length; k++) {
          const c = (dir === 'asc' ? 1 : -1) * naiveCompare(key, rows[got[k - 1]!]!, rows[got[k]!]!);
          expect(c < 0 || (c === 0 && got[k - 1]! < got[k]!), `${key} ${dir} at ${k}`).toBe(true);
        }
        expect(new Set(got)).toEqual(new Set(want));
      }
    }
  });
  it('natural id order: R2 before R10', () => {
    const idx = Uint32Array.of(10, 2, 100, 1);
    expect(Array.from(sortIndices(t, idx, 'id', 'asc'))).toEqual([1, 2, 10, 100]);
  });
  it('search matches id, perpetrator, threat label and description, case-insensitively, order kept', () => {
    const idx = Uint32Array.from(rows.map((_, i) => i).reverse());
    for (const q of ['market', 'ÉCLAIR', 'group 1', 'x-7', 'sexual', 'KILLING', 'zzz-nothing', '  Report 12 ']) {
      const ql = q.trim().toLowerCase();
      const want = Array.from(idx).filter((i) => {
        const x = rows[i]!;
        const label = THREAT_TYPES.find((tt) => tt.id === x.threatType)!.label;
        return [x.id, x.perpetrator, label, x.description].some((s) => s.toLowerCase().includes(ql));
      });
      expect(Array.from(searchIndices(t, idx, q)), q).toEqual(want);
    }
    expect(searchIndices(t, idx, '  ')).toBe(idx);
  });
});
