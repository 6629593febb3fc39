/** Tests of the exercise scenario generator, its PRNG and its GeoJSON file readers. */
import { beforeAll, describe, expect, it } from 'vitest';
import { area, bboxPolygon, booleanPointInPolygon, point } from '@turf/turf';
import { loadSettlements } from '../../scripts/lib/settlements.ts';
import { distanceKm } from '../domain/geo.ts';
import type { Incident } from '../domain/incidents.ts';
import { PERPETRATOR_TYPES, PRESENCE_TYPES, THREAT_TYPES } from '../domain/taxonomy.ts';
import { parseIncidentsCsv } from '../io/incidentsCsv.ts';
import {
  aorsFromGeoJson, aorsToGeoJson, featureCollectionText, presencesFromGeoJson, presencesToGeoJson, sitesFromGeoJson, sitesToGeoJson,
} from './files.ts';
import type { Scenario, ScenarioSettlement } from './generate.ts';
import {
  DEFAULT_SEED, INCIDENT_COUNT_BOUNDS, PERPETRATOR_SHARE_BOUNDS, SCENARIO_PERIOD, THREAT_GROUP_SHARE_BOUNDS,
  generateScenario, scenarioIncidentsCsv,
} from './generate.ts';
import { Rng } from './random.ts';
import { SCENARIO_BBOX, inBBox } from './region.ts';

const settlements: ScenarioSettlement[] = loadSettlements(SCENARIO_BBOX);
let full: Scenario;
let fullMs = 0;

beforeAll(() => {
  const t0 = performance.now();
  full = generateScenario(settlements);
  fullMs = performance.now() - t0;
});

const FIRST_6 = ['2024-10-01', '2025-03-31'] as const;
const LAST_6 = ['2026-04-01', '2026-09-30'] as const;
const YEAR_1 = ['2024-10-01', '2025-09-30'] as const;

function within(incidents: readonly Incident[], lon: number, lat: number, km: number, [from, to]: readonly [string, string]): Incident[] {
  return incidents.filter((r) => r.date >= from && r.date <= to && distanceKm(r.lon, r.lat, lon, lat) <= km);
}
function hotspot(s: Scenario, dynamics: string) {
  const h = s.meta.hotspots.find((x) => x.dynamics === dynamics);
  if (!h) throw new Error(`no ${dynamics} hotspot`);
  return h;
}
const victimTotal = (r: Incident): number => r.victims.women + r.victims.men + r.victims.girls + r.victims.boys + r.victims.unknown;

describe('random', () => {
  it('is reproducible per seed and label, and independent across labels', () => {
    const a = new Rng(7, 'x'), b = new Rng(7, 'x'), c = new Rng(7, 'y'), d = new Rng(8, 'x');
    const seq = (r: Rng): number[] => Array.from({ length: 5 }, () => r.nextUint32());
    const sa = seq(a);
    expect(seq(b)).toEqual(sa);
    expect(seq(c)).not.toEqual(sa);
    expect(seq(d)).not.toEqual(sa);
  });

  it('draws Poisson and negative binomial values with the requested mean', () => {
    const r = new Rng(1, 'moments');
    const mean = (f: () => number, n = 20000): number => { let s = 0; for (let i = 0; i < n; i++) s += f(); return s / n; };
    expect(mean(() => r.poisson(3))).toBeCloseTo(3, 1);
    expect(mean(() => r.poisson(200), 5000)).toBeGreaterThan(198);
    expect(mean(() => r.poisson(200), 5000)).toBeLessThan(202);
    expect(Math.abs(mean(() => r.negBinomial(2, 0.7)) - 2)).toBeLessThan(0.1);
    const u = mean(() => r.next());
    expect(Math.abs(u - 0.5)).toBeLessThan(0.01);
  });
});

describe('determinism', () => {
  it('gives byte-identical output for the same seed, whatever the settlement order', () => {
    const a = generateScenario(settlements, { seed: 5, incidentScale: 0.2 });
    const b = generateScenario([...settlements].reverse(), { seed: 5, incidentScale: 0.2 });
    expect(scenarioIncidentsCsv(b)).toBe(scenarioIncidentsCsv(a));
    expect(featureCollectionText(b.roads)).toBe(featureCollectionText(a.roads));
    expect(featureCollectionText(presencesToGeoJson(b.presences))).toBe(featureCollectionText(presencesToGeoJson(a.presences)));
    expect(featureCollectionText(aorsToGeoJson(b.aors))).toBe(featureCollectionText(aorsToGeoJson(a.aors)));
    expect(featureCollectionText(sitesToGeoJson(b.sites))).toBe(featureCollectionText(sitesToGeoJson(a.sites)));
    expect(JSON.stringify(b.meta)).toBe(JSON.stringify(a.meta));
  });

  it('differs for a different seed', () => {
    const a = generateScenario(settlements, { seed: 5, incidentScale: 0.2 });
    const b = generateScenario(settlements, { seed: 6, incidentScale: 0.2 });
    expect(scenarioIncidentsCsv(b)).not.toBe(scenarioIncidentsCsv(a));
  });

  it('regenerates the default scenario identically, fast', () => {
    expect(full.meta.seed).toBe(DEFAULT_SEED);
    expect(fullMs).toBeLessThan(5000);
    expect(scenarioIncidentsCsv(generateScenario(settlements))).toBe(scenarioIncidentsCsv(full));
  });
});

describe('incidents (default scenario)', () => {
  it('has a count within the stated bounds and unique ids', () => {
    const n = full.incidents.length;
    expect(n).toBeGreaterThanOrEqual(INCIDENT_COUNT_BOUNDS.min);
    expect(n).toBeLessThanOrEqual(INCIDENT_COUNT_BOUNDS.max);
    expect(new Set(full.incidents.map((r) => r.id)).size).toBe(n);
    expect(full.meta.counts.incidents).toBe(n);
  });

  it('places every incident inside the scenario bbox and the period, in date order', () => {
    for (const r of full.incidents) {
      expect(inBBox(r.lon, r.lat, SCENARIO_BBOX), r.id).toBe(true);
      expect(r.date >= SCENARIO_PERIOD.start && r.date <= SCENARIO_PERIOD.end, r.id).toBe(true);
    }
    const dates = full.incidents.map((r) => r.date);
    expect([...dates].sort()).toEqual(dates);
  });

  it('round-trips through the app CSV parser without rejections', () => {
    const parsed = parseIncidentsCsv(scenarioIncidentsCsv(full));
    expect(parsed.rejected).toEqual([]);
    expect(parsed.table.length).toBe(full.incidents.length);
  });

  it('has every perpetrator type, each within its stated share', () => {
    const n = full.incidents.length;
    for (const t of PERPETRATOR_TYPES) {
      const share = full.incidents.filter((r) => r.perpetratorType === t.id).length / n;
      const [lo, hi] = PERPETRATOR_SHARE_BOUNDS[t.id];
      expect(share, t.id).toBeGreaterThanOrEqual(lo);
      expect(share, t.id).toBeLessThanOrEqual(hi);
    }
    expect(full.incidents.filter((r) => r.perpetratorType === 'mission_or_partner').length).toBeGreaterThanOrEqual(20);
  });

  it('has threat-group shares within the stated bounds, and every threat type', () => {
    const n = full.incidents.length;
    const groupOf = new Map<string, string>(THREAT_TYPES.map((t) => [t.id, t.group]));
    for (const [g, [lo, hi]] of Object.entries(THREAT_GROUP_SHARE_BOUNDS)) {
      const share = full.incidents.filter((r) => groupOf.get(r.threatType) === g).length / n;
      expect(share, g).toBeGreaterThanOrEqual(lo);
      expect(share, g).toBeLessThanOrEqual(hi);
    }
    for (const t of THREAT_TYPES) expect(full.incidents.some((r) => r.threatType === t.id), t.id).toBe(true);
  });

  it('keeps the victim rule: victims ≥ fatalities + injured, ≥ 1 except ordnance found without casualties', () => {
    for (const r of full.incidents) {
      const v = victimTotal(r);
      expect(v, r.id).toBeGreaterThanOrEqual(r.fatalities + r.injured);
      if (!(r.threatType === 'explosive_ordnance' && r.fatalities + r.injured === 0)) expect(v, r.id).toBeGreaterThanOrEqual(1);
    }
  });

  it('has realistic casualties: mostly 0–3, 10+ only in (rare) massacres', () => {
    const n = full.incidents.length;
    expect(full.incidents.filter((r) => r.fatalities <= 3).length / n).toBeGreaterThan(0.95);
    expect(full.incidents.filter((r) => r.fatalities === 0).length / n).toBeGreaterThan(0.7);
    const big = full.incidents.filter((r) => r.fatalities >= 10);
    expect(big.length).toBeGreaterThanOrEqual(5);
    expect(big.length / n).toBeLessThan(0.01);
    for (const r of big) expect(r.threatType).toBe('massacre');
    for (const r of full.incidents.filter((x) => x.threatType === 'massacre')) expect(r.fatalities).toBeGreaterThanOrEqual(10);
  });

  it('disaggregates victims plausibly: CRSV mostly women and girls, child recruitment only children, some unknown', () => {
    const sum = (rows: Incident[], k: keyof Incident['victims']): number => rows.reduce((s, r) => s + r.victims[k], 0);
    const crsv = full.incidents.filter((r) => r.threatType === 'crsv');
    const crsvKnown = sum(crsv, 'women') + sum(crsv, 'girls') + sum(crsv, 'men') + sum(crsv, 'boys');
    expect((sum(crsv, 'women') + sum(crsv, 'girls')) / crsvKnown).toBeGreaterThan(0.85);
    const cr = full.incidents.filter((r) => r.threatType === 'child_recruitment');
    expect(sum(cr, 'women') + sum(cr, 'men')).toBe(0);
    expect(sum(cr, 'boys')).toBeGreaterThan(sum(cr, 'girls'));
    const all = full.incidents;
    const unknownShare = sum(all, 'unknown') / all.reduce((s, r) => s + victimTotal(r), 0);
    expect(unknownShare).toBeGreaterThan(0.2);
    expect(unknownShare).toBeLessThan(0.8);
    const allUnknown = all.filter((r) => victimTotal(r) > 0 && r.victims.unknown === victimTotal(r)).length / all.length;
    expect(allUnknown).toBeGreaterThan(0.1);
    expect(allUnknown).toBeLessThan(0.4);
  });

  it('mixes precisions and sources: mostly exact day and exact/near place', () => {
    const n = full.incidents.length;
    const share = (f: (r: Incident) => boolean): number => full.incidents.filter(f).length / n;
    expect(share((r) => r.datePrecision === 'day')).toBeGreaterThan(0.7);
    expect(share((r) => r.datePrecision === 'week')).toBeGreaterThan(0.03);
    expect(share((r) => r.datePrecision === 'month')).toBeGreaterThan(0.01);
    expect(share((r) => r.locationPrecision === 'exact' || r.locationPrecision === 'near')).toBeGreaterThan(0.85);
    expect(share((r) => r.locationPrecision === 'admin2')).toBeGreaterThan(0.02);
    for (const rel of ['A', 'B', 'C', 'D', 'E', 'F']) expect(share((r) => r.sourceReliability === rel), rel).toBeGreaterThan(0);
    expect(new Set(full.incidents.map((r) => r.sourceType)).size).toBe(8);
  });

  it('writes short English descriptions with no template holes', () => {
    for (const r of full.incidents) {
      expect(r.description, r.id).toMatch(/^[A-Z0-9].*\.$/);
      expect(r.description.length, r.id).toBeLessThan(200);
      expect(r.description, r.id).not.toMatch(/undefined|NaN|null|\{|\}/);
    }
  });
});

describe('hotspot dynamics', () => {
  it('the growing hotspot has many more incidents in the last 6 months than in the first 6', () => {
    const h = hotspot(full, 'growing');
    const first = within(full.incidents, h.lon, h.lat, h.radiusKm, FIRST_6).length;
    const last = within(full.incidents, h.lon, h.lat, h.radiusKm, LAST_6).length;
    expect(first).toBeGreaterThan(30);
    expect(last).toBeGreaterThan(3 * first);
    expect(h.observed).toMatchObject({ first6Months: first, last6Months: last });
  });

  it('the fading hotspot is high early and near zero late', () => {
    const h = hotspot(full, 'fading');
    const first = within(full.incidents, h.lon, h.lat, h.radiusKm, FIRST_6).length;
    const last = within(full.incidents, h.lon, h.lat, h.radiusKm, LAST_6).length;
    expect(first).toBeGreaterThan(300);
    expect(first).toBeGreaterThan(20 * Math.max(1, last));
  });

  it('the new hotspot has nothing in year 1 and appears in the last months', () => {
    const h = hotspot(full, 'new');
    expect(within(full.incidents, h.lon, h.lat, h.radiusKm, YEAR_1)).toEqual([]);
    const late = within(full.incidents, h.lon, h.lat, h.radiusKm, LAST_6);
    expect(late.length).toBeGreaterThan(150);
    const firstDate = late.map((r) => r.date).sort()[0]!;
    expect(firstDate >= '2026-04-01' && firstDate <= '2026-06-01').toBe(true);
  });

  it('the new hotspot is outside the foot and road reach of every presence', () => {
    const h = hotspot(full, 'new');
    for (const p of full.presences) {
      const km = distanceKm(p.lon, p.lat, h.lon, h.lat);
      expect(km - Math.max(p.reachKm.foot, p.reachKm.road), p.id).toBeGreaterThan(10);
    }
  });

  it('the persistent hotspot stays roughly level and the seasonal one peaks in the dry season', () => {
    const p = hotspot(full, 'persistent');
    const y1 = within(full.incidents, p.lon, p.lat, p.radiusKm, YEAR_1).length;
    const y2 = within(full.incidents, p.lon, p.lat, p.radiusKm, ['2025-10-01', '2026-09-30']).length;
    expect(y2 / y1).toBeGreaterThan(0.7);
    expect(y2 / y1).toBeLessThan(1.4);
    const s = hotspot(full, 'seasonal');
    const dry = within(full.incidents, s.lon, s.lat, s.radiusKm, ['2025-12-01', '2026-03-31']).length;
    const wet = within(full.incidents, s.lon, s.lat, s.radiusKm, ['2025-06-01', '2025-09-30']).length;
    expect(dry).toBeGreaterThan(4 * Math.max(1, wet));
  });

  it('keeps the hotspot dynamics at a small incident scale too', () => {
    const small = generateScenario(settlements, { seed: 11, incidentScale: 0.25 });
    const g = hotspot(small, 'growing'), f = hotspot(small, 'fading'), n = hotspot(small, 'new');
    expect(g.observed.last6Months).toBeGreaterThan(2 * g.observed.first6Months);
    expect(f.observed.first6Months).toBeGreaterThan(5 * Math.max(1, f.observed.last6Months));
    expect(n.observed.year1).toBe(0);
    expect(n.observed.last6Months).toBeGreaterThan(0);
  });
});

describe('presences, AORs, sites, roads', () => {
  it('has 20–40 presences of every type, with plausible strengths and reach', () => {
    const ps = full.presences;
    expect(ps.length).toBeGreaterThanOrEqual(20);
    expect(ps.length).toBeLessThanOrEqual(40);
    for (const t of PRESENCE_TYPES) expect(ps.some((p) => p.type === t.id), t.id).toBe(true);
    expect(ps.filter((p) => p.type === 'mission_hq')).toHaveLength(1);
    expect(new Set(ps.map((p) => p.id)).size).toBe(ps.length);
    for (const p of ps) {
      expect(inBBox(p.lon, p.lat, SCENARIO_BBOX), p.id).toBe(true);
      expect(p.strength, p.id).toBeGreaterThan(0);
      if (p.type === 'mission_hq' || p.type === 'sector_hq') expect(p.strength, p.id).toBeGreaterThanOrEqual(500);
      if (p.type === 'field_office') expect(p.strength, p.id).toBeLessThanOrEqual(30);
      expect(p.reachKm.foot, p.id).toBeGreaterThan(0);
    }
    // POC sites sit next to a base.
    for (const poc of ps.filter((p) => p.type === 'poc_site')) {
      expect(ps.some((b) => b !== poc && b.type !== 'poc_site' && distanceKm(b.lon, b.lat, poc.lon, poc.lat) < 1.5), poc.id).toBe(true);
    }
  });

  it('has AORs that cover the scenario bbox exactly once', () => {
    expect(full.aors.length).toBeGreaterThanOrEqual(3);
    expect(full.aors.length).toBeLessThanOrEqual(5);
    const total = full.aors.reduce((s, a) => s + area({ type: 'Feature', geometry: a.geometry, properties: {} }), 0);
    expect(Math.abs(total / area(bboxPolygon(SCENARIO_BBOX)) - 1)).toBeLessThan(0.002);
    const r = new Rng(3, 'aor-test');
    for (let i = 0; i < 500; i++) {
      const pt = point([r.uniform(SCENARIO_BBOX[0], SCENARIO_BBOX[2]), r.uniform(SCENARIO_BBOX[1], SCENARIO_BBOX[3])]);
      const hits = full.aors.filter((a) => booleanPointInPolygon(pt, a.geometry)).length;
      expect(hits).toBeGreaterThanOrEqual(1);
    }
    for (const a of full.aors) expect(a.owningUnit.length).toBeGreaterThan(0);
  });

  it('has 4–8 displacement sites with populations', () => {
    expect(full.sites.length).toBeGreaterThanOrEqual(4);
    expect(full.sites.length).toBeLessThanOrEqual(8);
    for (const s of full.sites) expect(s.population, s.id).toBeGreaterThan(0);
    expect(full.sites.some((s) => s.kind === 'poc_site')).toBe(true);
    expect(full.sites.some((s) => s.kind === 'idp_site')).toBe(true);
  });

  it('has casualty incidents within 10 km of bases, including the seeded ones', () => {
    const bases = full.presences.filter((p) => p.type !== 'field_office');
    const near = full.incidents.filter((r) => r.fatalities + r.injured > 0 && bases.some((p) => distanceKm(r.lon, r.lat, p.lon, p.lat) <= 10));
    expect(near.length).toBeGreaterThanOrEqual(5);
    expect(full.meta.seededNearBase.length).toBeGreaterThanOrEqual(5);
    for (const s of full.meta.seededNearBase) {
      const r = full.incidents.find((x) => x.id === s.incidentId)!;
      const p = full.presences.find((x) => x.id === s.presenceId)!;
      expect(r.fatalities + r.injured).toBeGreaterThan(0);
      expect(distanceKm(r.lon, r.lat, p.lon, p.lat)).toBeLessThanOrEqual(10);
    }
  });

  it('has a synthetic road network connecting every settlement, inside the bbox', () => {
    const fs = full.roads.features;
    expect(fs.length).toBeGreaterThanOrEqual(settlements.length - 1);
    const adj = new Map<string, string[]>();
    for (const f of fs) {
      expect(f.properties.synthetic).toBe(true);
      expect(['primary', 'secondary']).toContain(f.properties.class);
      for (const [x, y] of f.geometry.coordinates as [number, number][]) expect(inBBox(x, y, SCENARIO_BBOX)).toBe(true);
      adj.set(f.properties.from, [...(adj.get(f.properties.from) ?? []), f.properties.to]);
      adj.set(f.properties.to, [...(adj.get(f.properties.to) ?? []), f.properties.from]);
    }
    const seen = new Set<string>([settlements[0]!.name]);
    const stack = [settlements[0]!.name];
    while (stack.length) for (const m of adj.get(stack.pop()!) ?? []) if (!seen.has(m)) { seen.add(m); stack.push(m); }
    expect(seen.size).toBe(new Set(settlements.map((s) => s.name)).size);
    expect(fs.some((f) => f.properties.class === 'primary')).toBe(true);
  });
});

describe('scenario files', () => {
  it('round-trip presences, AORs and sites through GeoJSON text', () => {
    const rt = <T>(fc: unknown, read: (x: unknown) => T): T => read(JSON.parse(featureCollectionText(fc as { type: 'FeatureCollection'; features: unknown[] })));
    expect(rt(presencesToGeoJson(full.presences), presencesFromGeoJson)).toEqual(full.presences);
    expect(rt(aorsToGeoJson(full.aors), aorsFromGeoJson)).toEqual(full.aors);
    expect(rt(sitesToGeoJson(full.sites), sitesFromGeoJson)).toEqual(full.sites);
  });

  it('reject malformed files with messages naming the file, feature and field', () => {
    const good = presencesToGeoJson(full.presences.slice(0, 2));
    const bad = structuredClone(good);
    (bad.features[1]!.properties as unknown as Record<string, unknown>).type = 'castle';
    expect(() => presencesFromGeoJson(bad)).toThrow(/presences\.geojson: feature 2 \(id "[^"]+"\): property "type" is "castle" \(expected one of mission_hq/);
    const neg = structuredClone(good);
    neg.features[0]!.properties.reach_road_km = -5;
    expect(() => presencesFromGeoJson(neg)).toThrow(/reach_road_km" must be ≥ 0/);
    const swapped = structuredClone(good);
    swapped.features[0]!.geometry.coordinates = [4.5, 200];
    expect(() => presencesFromGeoJson(swapped)).toThrow(/outside longitude/);
    const dup = { ...good, features: [good.features[0], good.features[0]] };
    expect(() => presencesFromGeoJson(dup)).toThrow(/duplicate id/);
    expect(() => presencesFromGeoJson({ type: 'Feature' })).toThrow(/presences\.geojson: not a GeoJSON FeatureCollection/);
    const site = sitesToGeoJson(full.sites.slice(0, 1));
    (site.features[0]!.properties as unknown as Record<string, unknown>).population = 12.5;
    expect(() => sitesFromGeoJson(site)).toThrow(/sites\.geojson: .*"population" must be a whole number/);
    const aor = aorsToGeoJson(full.aors.slice(0, 1));
    (aor.features[0]!.geometry as GeoJSON.Polygon).coordinates[0]!.pop();
    expect(() => aorsFromGeoJson(aor)).toThrow(/aors\.geojson: .*closed/);
    expect(() => aorsFromGeoJson({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'a', name: 'b', owning_unit: 'c' }, geometry: { type: 'Point', coordinates: [0, 0] } }] }))
      .toThrow(/must be a Polygon or MultiPolygon/);
  });
});
