import { describe, expect, it } from 'vitest';
import { createThreat, type Ring } from '../threats/model.ts';
import { areaContains, prepareArea } from '../threats/area.ts';
import { SCENARIO_SQUARE } from '../threats/testData.ts';
import { REGISTER_FORMAT, areaAnchor, areaView, emptyRegister, parseRegister } from './threats.ts';

describe('the stored register', () => {
  it('reads back what it wrote, without a problem', () => {
    const doc = emptyRegister();
    doc.threats.push(createThreat({ id: 't1', title: 'Raids on the Kanda road', area: { kind: 'polygon', rings: [SCENARIO_SQUARE] }, nowIso: '2026-01-01T00:00:00.000Z' }));
    doc.dismissed.push('cand-density-abc');
    doc.merges.push(['cand-a', 'cand-b']);
    doc.weights.vulnerability = 1.25;
    doc.aar.distanceKm.poc_site = 5;
    doc.lastOwner = 'JMAC analyst';
    const back = parseRegister(JSON.parse(JSON.stringify(doc)));
    expect(back.problems).toEqual([]);
    expect(back.doc).toEqual(doc);
  });

  it('keeps a damaged threat aside, unchanged, and says so; clamps a weight and says so', () => {
    const good = createThreat({ id: 'ok', title: 'Good', area: { kind: 'polygon', rings: [SCENARIO_SQUARE] }, nowIso: '2026-01-01T00:00:00.000Z' });
    const bad = { ...good, id: 'bad', title: 'Broken', likelihood: 9 };
    const back = parseRegister({ format: REGISTER_FORMAT, version: 1, threats: [good, bad, good], weights: { reachGap: 7 }, aar: { distanceKm: { poc_site: -3 } } });
    expect(back.doc.threats.map((t) => t.id)).toEqual(['ok']);
    expect(back.doc.unreadable).toEqual([bad, good]);
    expect(back.problems.some((p) => p.includes('"Broken"') && p.includes('likelihood'))).toBe(true);
    expect(back.problems.some((p) => p.includes('appears twice'))).toBe(true);
    expect(back.doc.weights.reachGap).toBe(2);
    expect(back.problems.some((p) => p.includes('Reach gap') && p.includes('clamped'))).toBe(true);
    expect(back.doc.aar.distanceKm.poc_site).toBe(10); // a negative distance is not a distance: the default stays
  });

  it('starts empty on nothing stored, and on something that is not a register', () => {
    expect(parseRegister(null)).toEqual({ doc: emptyRegister(), problems: [] });
    const r = parseRegister({ hello: 1 });
    expect(r.doc).toEqual(emptyRegister());
    expect(r.problems).toHaveLength(1);
  });
});

describe('area anchor and view', () => {
  it('is the centroid of a convex part', () => {
    const [x, y] = areaAnchor([SCENARIO_SQUARE]);
    expect(x).toBeCloseTo(20.1, 9);
    expect(y).toBeCloseTo(5.1, 9);
  });

  it('falls inside a concave part whose centroid is outside, and uses the largest part', () => {
    // A "U": the centroid lies in the notch.
    const u: Ring = [[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]];
    const small: Ring = [[10, 10], [10.1, 10], [10.1, 10.1], [10, 10]];
    const p = areaAnchor([small, u]);
    expect(areaContains(prepareArea([u]), p[0], p[1])).toBe(true);
    expect(areaAnchor([])).toEqual([Number.NaN, Number.NaN]);
  });

  it('centres the view on the area and zooms out for larger ones', () => {
    const v = areaView([SCENARIO_SQUARE])!;
    expect(v.lon).toBeCloseTo(20.1, 9);
    expect(v.lat).toBeCloseTo(5.1, 9);
    const big: Ring = [[20, 5], [24, 5], [24, 9], [20, 5]];
    expect(areaView([big])!.zoom).toBeLessThan(v.zoom);
    expect(areaView([])).toBeNull();
  });
});
