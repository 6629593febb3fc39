import { describe, expect, it } from 'vitest';
import {
  decodeUrlState, encodeUrlState, incidentFilterFromUrl, urlFilterFromIncidentFilter, type UrlFilter, type UrlViewState,
} from './urlState.ts';
import { mulberry32 } from '../../tests/fixtures/randomIncidents.ts';
import {
  DATE_PRECISIONS, LOCATION_PRECISIONS, MOBILITY_MODES, PERPETRATOR_TYPES, SOURCE_RELIABILITY, SOURCE_TYPES, THREAT_TYPES,
} from '../domain/taxonomy.ts';
import type { IncidentFilter, VictimGroup } from '../filter/incidentFilter.ts';

const r = mulberry32(42);
const round = (x: number, d: number): number => Number(x.toFixed(d)) || 0;
const subset = (n: number): number[] => Array.from({ length: n }, (_, i) => i).filter(() => r() < 0.35);
const NAMES = ['Group A', 'Front, "Liberation" & Co', 'Milice 100% locale', 'Ansar al-Sunna / بوكو', 'a+b=c?d#e', '  spaced  ', 'Ü;Ö:ä'];
const LAYERS = ['incidents', 'presences', 'range_foot', 'aors', 'settlements'];

function randomState(): UrlViewState {
  const f: UrlFilter = {};
  const s: UrlViewState = { filter: f };
  if (r() < 0.7) s.map = { lon: round(-180 + r() * 360, 5), lat: round(-85 + r() * 170, 5), zoom: round(r() * 22, 2) };
  if (r() < 0.6) { const a = 18000 + Math.floor(r() * 3000); f.period = { startDay: a, endDay: a + Math.floor(r() * 400) }; }
  if (r() < 0.5) f.threatTypes = subset(THREAT_TYPES.length);
  if (r() < 0.4) f.perpetratorTypes = subset(PERPETRATOR_TYPES.length);
  if (r() < 0.4) f.perpetrators = NAMES.filter(() => r() < 0.4);
  if (r() < 0.4) { const min = Math.floor(r() * 5); f.fatalities = { min, max: r() < 0.3 ? Infinity : min + Math.floor(r() * 50) }; }
  if (r() < 0.4) f.victims = (['women', 'men', 'girls', 'boys', 'unknown'] as VictimGroup[]).filter(() => r() < 0.5);
  if (r() < 0.3) f.sourceTypes = subset(SOURCE_TYPES.length);
  if (r() < 0.3) f.sourceReliability = subset(SOURCE_RELIABILITY.length);
  if (r() < 0.3) f.datePrecision = subset(DATE_PRECISIONS.length);
  if (r() < 0.3) f.locationPrecision = subset(LOCATION_PRECISIONS.length);
  if (r() < 0.3) f.aor = r() < 0.5 ? 'inside' : 'outside';
  if (r() < 0.3) f.range = { mode: Math.floor(r() * MOBILITY_MODES.length), inRange: r() < 0.5 };
  if (r() < 0.3) {
    f.selection = r() < 0.5
      ? { kind: 'circle', lon: round(20 + r() * 10, 5), lat: round(r() * 8, 5), radiusKm: round(r() * 200, 3) }
      : { kind: 'polygon', ring: Array.from({ length: 3 + Math.floor(r() * 8) }, () => [round(20 + r() * 10, 5), round(-5 + r() * 10, 5)] as [number, number]) };
  }
  if (r() < 0.5) s.layers = LAYERS.filter(() => r() < 0.5);
  if (r() < 0.5) s.panel = ['filters', 'table', 'charts'][Math.floor(r() * 3)]!;
  return s;
}

describe('urlState', () => {
  it('round-trips 500 random states exactly (map values at URL precision)', () => {
    for (let k = 0; k < 500; k++) {
      const s = randomState();
      const q = encodeUrlState(s);
      expect(decodeUrlState(q, { knownLayers: LAYERS }), q).toEqual(s);
      expect(decodeUrlState(`?${q}`)).toEqual(s);
    }
  });
  it('is readable', () => {
    const q = encodeUrlState({
      map: { lon: 25.5, lat: 4.25, zoom: 6 },
      filter: { period: { startDay: 20089, endDay: 20178 }, threatTypes: [0, 5], aor: 'outside', range: { mode: 0, inRange: true }, perpetrators: ['Group A', 'X, Y'] },
      layers: ['incidents', 'aors'],
      panel: 'filters',
    });
    expect(q).toBe('map=6/4.25/25.5&from=2025-01-01&to=2025-03-31&threat=killing,abduction&perp=Group%20A&perp=X%2C%20Y&aor=outside&range=foot:in&layers=incidents,aors&panel=filters');
  });
  it('ignores invalid and unknown parameters without throwing', () => {
    const bad = [
      'map=99/500/20', 'map=a/b/c', 'map=3/4', 'from=2025-02-30&to=2025-03-01', 'from=2025-03-01&to=2025-01-01', 'from=2025-01-01',
      'threat=nonsense,also', 'fat=-3-4', 'fat=10-2', 'fat=x', 'victims=aliens', 'aor=maybe', 'range=boat:in', 'range=foot:sideways',
      'sel=c:1,2', 'sel=p:1,2;3,4', 'sel=q:1', 'sel=c:1,200,5', 'layers=<script>', 'panel=../etc', 'zzz=1', '%E0%A4%A', '&&&==', 'map=%',
    ];
    for (const q of bad) expect(() => decodeUrlState(q), q).not.toThrow();
    for (const q of bad) {
      const d = decodeUrlState(q, { knownLayers: LAYERS, knownPanels: ['filters'] });
      expect(d, q).toEqual({ filter: {} });
    }
    // Partly valid lists keep their valid items; unknown layers/panels dropped when lists are given.
    expect(decodeUrlState('threat=killing,bogus,killing&layers=incidents,bogus&panel=table', { knownLayers: LAYERS, knownPanels: ['filters'] }))
      .toEqual({ filter: { threatTypes: [0] }, layers: ['incidents'] });
    // Empty list = none allowed.
    expect(decodeUrlState('threat=&layers=').filter.threatTypes).toEqual([]);
  });
  it('converts to and from live IncidentFilters with the dataset dictionary', () => {
    const aorOfIncident = new Int32Array(10), reachBits = new Uint8Array(10), selection = Uint32Array.of(1, 4);
    const live: IncidentFilter = {
      period: { startDay: 100, endDay: 200 }, threatTypes: [1, 2], perpetrators: [2, 0], fatalities: { min: 1, max: Infinity },
      victims: ['girls'], aor: { aorOfIncident, inside: false }, range: { reachBits, mode: 2, inRange: false }, selection,
    };
    const names = ['Alpha', 'Beta', 'Gamma'];
    const shape = { kind: 'circle' as const, lon: 25, lat: 4, radiusKm: 30 };
    const u = urlFilterFromIncidentFilter(live, names, shape);
    expect(u).toEqual({
      period: { startDay: 100, endDay: 200 }, threatTypes: [1, 2], perpetrators: ['Gamma', 'Alpha'], fatalities: { min: 1, max: Infinity },
      victims: ['girls'], aor: 'outside', range: { mode: 2, inRange: false }, selection: shape,
    });
    const decoded = decodeUrlState(encodeUrlState({ filter: u })).filter;
    expect(incidentFilterFromUrl(decoded, { perpetratorNames: names, aorOfIncident, reachBits, selection })).toEqual(live);
    // Without analysis arrays, the flags are dropped; unknown names are dropped.
    expect(incidentFilterFromUrl({ aor: 'inside', range: { mode: 0, inRange: true }, perpetrators: ['Nobody'] }, { perpetratorNames: names })).toEqual({});
  });
});
