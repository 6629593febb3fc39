import { describe, expect, it } from 'vitest';
import { distanceKm } from '../domain/geo.ts';
import { coverage } from './coverage.ts';
import { cellCentresLonLat } from './grid.ts';
import { densityThreshold, hotspots } from './hotspots.ts';
import type { PresenceColumns } from './inputs.ts';
import { MODES } from './inputs.ts';
import { kde } from './kde.ts';
import { randomLonLat, rng } from './testing.ts';

describe('coverage = brute-force counts', () => {
  const r = rng(21);
  const N = 3000, P = 25, S = 400;
  const inc = randomLonLat(N, 1, 177, -4, 183, 3); // across the antimeridian and the equator
  const fatalities = Uint32Array.from({ length: N }, () => (r() < 0.6 ? 0 : Math.floor(r() * 12)));
  const aor = Int32Array.from({ length: N }, () => Math.floor(r() * 5) - 1); // −1 = outside every AOR
  const pl = randomLonLat(P, 2, 177, -4, 183, 3);
  const presences: PresenceColumns = {
    lon: pl.lon, lat: pl.lat,
    reachKm: {
      foot: Float64Array.from({ length: P }, () => 10 + 10 * r()),
      road: Float64Array.from({ length: P }, () => (r() < 0.3 ? 0 : 40 + 60 * r())),
      air: Float64Array.from({ length: P }, () => (r() < 0.8 ? 0 : 200)),
    },
  };
  const st = randomLonLat(S, 3, 177, -4, 183, 3);
  const settlements = { ...st, population: Float64Array.from({ length: S }, () => Math.floor(100 + 50000 * r())) };
  const k = kde({ lon: inc.lon, lat: inc.lat }, { bandwidthKm: 40, maxCells: 48 });
  const hs = hotspots({ kde: k });
  const res = coverage({ incidents: { ...inc, fatalities, aor }, presences, kde: k, hotspotLabel: hs.label, settlements, aorCount: 4 }, { gapMode: 'road' });

  /** bit m set when presence p reaches (lon, lat) by mode m, via the haversine. */
  const bitsOf = (lon: number, lat: number, p: number): number => {
    const d = distanceKm(lon, lat, presences.lon[p]!, presences.lat[p]!);
    let b = 0;
    MODES.forEach((m, mi) => { const reach = presences.reachKm[m][p]!; if (reach > 0 && d <= reach + 1e-6) b |= 1 << mi; });
    return b;
  };
  const reachBits = (lon: number, lat: number): number => { let b = 0; for (let p = 0; p < P; p++) b |= bitsOf(lon, lat, p); return b; };
  const incBits = Array.from({ length: N }, (_, i) => reachBits(inc.lon[i]!, inc.lat[i]!));
  const centres = cellCentresLonLat(k.grid);
  const cellBits = Array.from({ length: k.density.length }, (_, c) => reachBits(centres.lon[c]!, centres.lat[c]!));
  const setBits = Array.from({ length: S }, (_, s) => reachBits(st.lon[s]!, st.lat[s]!));
  const cellMass = Array.from(k.density, (d) => (d * k.grid.cellKm ** 2) / 100);
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

  it('overall and per mode', () => {
    for (const [bit, set] of [[0xff, res.overall], ...MODES.map((_, m) => [1 << m, res.byMode[m]!] as const)] as const) {
      expect(set.incidents.reached).toBe(incBits.filter((b) => b & bit).length);
      expect(set.incidents.total).toBe(N);
      expect(set.fatalities.reached).toBe(sum(incBits.map((b, i) => (b & bit ? fatalities[i]! : 0))));
      expect(set.densityMass.reached).toBeCloseTo(sum(cellBits.map((b, c) => (b & bit ? cellMass[c]! : 0))), 9);
      expect(set.hotspotMass.reached).toBeCloseTo(sum(cellBits.map((b, c) => (b & bit && hs.label[c]! >= 0 ? cellMass[c]! : 0))), 9);
      expect(set.population.reached).toBe(sum(setBits.map((b, s) => (b & bit ? settlements.population[s]! : 0))));
    }
    expect(res.overall.incidents.share).toBeGreaterThan(0);
    expect(res.overall.incidents.share).toBeLessThan(1);
    expect(res.overall.hotspotMass.total).toBeCloseTo(hs.hotspotMass, 9);
  });
  it('per presence (mode 3 = the widest mode)', () => {
    for (let p = 0; p < P; p++) {
      const widest = MODES.reduce((best, m, mi) => (presences.reachKm[m][p]! > (best < 0 ? 0 : presences.reachKm[MODES[best]!][p]!) ? mi : best), -1);
      for (let m = 0; m < 4; m++) {
        const bit = m < 3 ? 1 << m : widest >= 0 ? 1 << widest : 0;
        const incB = Array.from({ length: N }, (_, i) => bitsOf(inc.lon[i]!, inc.lat[i]!, p) & bit);
        expect(res.perPresence.incidents[m * P + p]).toBe(incB.filter(Boolean).length);
        expect(res.perPresence.fatalities[m * P + p]).toBe(sum(incB.map((b, i) => (b ? fatalities[i]! : 0))));
        expect(res.perPresence.population[m * P + p]).toBe(sum(Array.from({ length: S }, (_, s) => (bitsOf(st.lon[s]!, st.lat[s]!, p) & bit ? settlements.population[s]! : 0))));
        expect(res.perPresence.densityMass[m * P + p]).toBeCloseTo(sum(cellMass.map((v, c) => (bitsOf(centres.lon[c]!, centres.lat[c]!, p) & bit ? v : 0))), 9);
      }
    }
  });
  it('per AOR', () => {
    for (let a = 0; a < 4; a++) {
      const mine = incBits.map((b, i) => ({ b, i })).filter(({ i }) => aor[i] === a);
      expect(res.perAor.incidents[a]).toBe(mine.length);
      expect(res.perAor.fatalities[a]).toBe(sum(mine.map(({ i }) => fatalities[i]!)));
      for (let m = 0; m < 4; m++) {
        const bit = m < 3 ? 1 << m : 0xff;
        expect(res.perAor.reachedIncidents[m * 4 + a]).toBe(mine.filter(({ b }) => b & bit).length);
        expect(res.perAor.reachedFatalities[m * 4 + a]).toBe(sum(mine.filter(({ b }) => b & bit).map(({ i }) => fatalities[i]!)));
      }
    }
  });
  it('gap grid: dense cells out of road reach', () => {
    const t = densityThreshold(k.density, { kind: 'hdr', mass: 0.5 });
    const want = Array.from(k.density, (d, c) => (d >= t && !(cellBits[c]! & 2) ? 1 : 0));
    expect(Array.from(res.gap!.cells)).toEqual(want);
    expect(res.gap!.cellCount).toBe(sum(want));
    expect(res.gap!.cellCount).toBeGreaterThan(0);
    expect(res.gap!.areaKm2).toBeCloseTo(res.gap!.cellCount * k.grid.cellKm ** 2, 9);
  });

  it('per AOR from polygons: density mass, hotspot mass and population too', () => {
    // Four rectangles on both sides of the antimeridian (rings split there, as RFC 7946 requires).
    const rects: [number, number, number, number][] = [[177, -4, 178.5, 0], [178.5, -4, 180, 3], [-180, -4, -178, 3], [-178, 0, -177, 3]];
    const aors = rects.map(([x0, y0, x1, y1]) => ({ geometry: { type: 'Polygon' as const, coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] } }));
    const aorOf = (lon: number, lat: number): number => rects.findIndex(([x0, y0, x1, y1]) => lon >= x0 && lon < x1 && lat >= y0 && lat < y1);
    const r2 = coverage({ incidents: { ...inc, fatalities }, presences, kde: k, hotspotLabel: hs.label, settlements, aors });
    expect(r2.perAor.count).toBe(4);
    for (let a = 0; a < 4; a++) {
      const incIn = Array.from({ length: N }, (_, i) => aorOf(inc.lon[i]!, inc.lat[i]!) === a);
      const cellIn = Array.from({ length: k.density.length }, (_, c) => aorOf(centres.lon[c]!, centres.lat[c]!) === a);
      const setIn = Array.from({ length: S }, (_, s2) => aorOf(st.lon[s2]!, st.lat[s2]!) === a);
      expect(r2.perAor.incidents[a]).toBe(incIn.filter(Boolean).length);
      expect(r2.perAor.densityMass[a]).toBeCloseTo(sum(cellMass.filter((_, c) => cellIn[c])), 9);
      expect(r2.perAor.population[a]).toBe(sum(Array.from(settlements.population).filter((_, s2) => setIn[s2])));
      for (let m = 0; m < 4; m++) {
        const bit = m < 3 ? 1 << m : 0xff;
        expect(r2.perAor.reachedIncidents[m * 4 + a]).toBe(incIn.filter((x, i) => x && incBits[i]! & bit).length);
        expect(r2.perAor.reachedFatalities[m * 4 + a]).toBe(sum(incIn.map((x, i) => (x && incBits[i]! & bit ? fatalities[i]! : 0))));
        expect(r2.perAor.reachedDensityMass[m * 4 + a]).toBeCloseTo(sum(cellMass.filter((_, c) => cellIn[c] && cellBits[c]! & bit)), 9);
        expect(r2.perAor.reachedHotspotMass[m * 4 + a]).toBeCloseTo(sum(cellMass.filter((_, c) => cellIn[c] && cellBits[c]! & bit && hs.label[c]! >= 0)), 9);
        expect(r2.perAor.reachedPopulation[m * 4 + a]).toBe(sum(Array.from(settlements.population).filter((_, s2) => setIn[s2] && setBits[s2]! & bit)));
      }
    }
  });
});
