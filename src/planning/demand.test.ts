import { describe, expect, it } from 'vitest';
import { cellCentresLonLat } from '../analysis/grid.ts';
import { hotspots } from '../analysis/hotspots.ts';
import { kde } from '../analysis/kde.ts';
import { randomLonLat } from '../analysis/testing.ts';
import { THREAT_TYPE_CODE } from '../domain/taxonomy.ts';
import { demandFromColumns, demandFromDensity, demandFromIncidents, demandFromPopulation, THREAT_TYPE_SEVERITY, totalWeight } from './demand.ts';

describe('demand points', () => {
  const inc = {
    lon: Float64Array.of(20, 21, 22, Number.NaN), lat: Float64Array.of(5, 5, 5, 5),
    fatalities: Uint32Array.of(0, 3, 10, 1), injured: Uint32Array.of(2, 0, 0, 0),
    threatType: Uint8Array.of(THREAT_TYPE_CODE.massacre, THREAT_TYPE_CODE.looting, THREAT_TYPE_CODE.crsv, THREAT_TYPE_CODE.other),
  };

  it('incidents: 1 + fatalities by default; unusable coordinates kept (they count in the total, as in coverage.ts)', () => {
    const d = demandFromIncidents(inc);
    expect(Array.from(d.weight)).toEqual([1, 4, 11, 2]);
    expect(Array.from(d.source)).toEqual([0, 1, 2, 3]);
    expect(totalWeight(d)).toBe(18);
  });

  it('incidents: threat-type severity, overrides, injured, include mask', () => {
    const d = demandFromIncidents(inc, { base: 'threatType', fatalityWeight: 0, typeWeights: { looting: 0.5 } });
    expect(Array.from(d.weight)).toEqual([THREAT_TYPE_SEVERITY.massacre, 0.5, THREAT_TYPE_SEVERITY.crsv, 1]);
    const e = demandFromIncidents(inc, { base: 0, fatalityWeight: 2, injuredWeight: 0.5, include: Uint8Array.of(1, 0, 1, 0) });
    expect(Array.from(e.weight)).toEqual([1, 20]);
    expect(Array.from(e.source)).toEqual([0, 2]);
    expect(() => demandFromIncidents({ lon: [1], lat: [1] }, { base: 'threatType' })).toThrow(/threatType/);
  });

  it('density: cell mass at cell centres, hotspot cells only on request, empty cells dropped', () => {
    const pts = randomLonLat(2000, 4, 20, 4, 23, 7);
    const k = kde(pts, { bandwidthKm: 30, maxCells: 40, kernel: 'quartic' });
    const hs = hotspots({ kde: k });
    const all = demandFromDensity(k);
    const area = k.grid.cellKm ** 2 / 100;
    let mass = 0, hotMass = 0, nonZero = 0;
    for (let c = 0; c < k.density.length; c++) { mass += k.density[c]! * area; if (k.density[c]! > 0) nonZero++; if (hs.label[c]! >= 0) hotMass += k.density[c]! * area; }
    expect(all.weight.length).toBe(nonZero);
    expect(totalWeight(all)).toBeCloseTo(mass, 9);
    const centres = cellCentresLonLat(k.grid);
    expect(all.lon[0]).toBe(centres.lon[all.source[0]!]);
    const hot = demandFromDensity(k, { hotspotLabel: hs.label, hotspotsOnly: true });
    expect(hot.kind).toBe('hotspots');
    expect(totalWeight(hot)).toBeCloseTo(hotMass, 9);
  });

  it('population: settlements and sites (weighted), bad populations dropped', () => {
    const d = demandFromPopulation({
      settlements: { lon: [20, 21, 22], lat: [5, 5, 5], population: [1000, 0, Number.NaN] },
      sites: { lon: [23], lat: [5], population: [500] },
    }, { siteWeight: 2 });
    expect(Array.from(d.weight)).toEqual([1000, 1000]);
    expect(Array.from(d.origin!)).toEqual([0, 1]);
    expect(Array.from(d.source)).toEqual([0, 0]);
    const c = demandFromColumns([1, 2], [3, 4], [-1, 5]);
    expect(Array.from(c.weight)).toEqual([0, 5]);
  });
});
