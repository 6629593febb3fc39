import { describe, expect, it } from 'vitest';
import { rng } from '../analysis/testing.ts';
import { archiveThreat, createThreat, defaultHorizon, horizonDays, parseThreat, toLevel, updateThreat } from './model.ts';
import { formatNumber, parseNumbers, reason, num, signed, stableHash } from './text.ts';

const area = { kind: 'polygon' as const, rings: [[[20, 5], [20.2, 5], [20.2, 5.2], [20, 5]] as [number, number][]] };

describe('threat model', () => {
  it('creates plain JSON with neutral defaults; edits stamp updatedAt; archive', () => {
    const t = createThreat({ title: 'Raids on Kanda', area, nowIso: '2024-06-30T10:00:00.000Z' });
    expect(t.id).toMatch(/^threat-/);
    expect(t).toMatchObject({ likelihood: 3, impact: 3, phase: 'prevention', status: 'draft', source: 'analyst', hostStatePresence: 'limited', actions: { I: [], II: [], III: [] } });
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
    expect(parseThreat(t)).toEqual({ threat: t, errors: [] });
    const u = updateThreat(t, { impact: 5, actions: { I: [{ text: 'Meet community leaders', owner: 'CAD', due: '2024-07-15', done: false }], II: [], III: [] } }, '2024-07-01T00:00:00.000Z');
    expect(u.updatedAt).toBe('2024-07-01T00:00:00.000Z');
    expect(u.createdAt).toBe(t.createdAt);
    expect(parseThreat(u).errors).toEqual([]);
    expect(archiveThreat(u, '2024-07-02T00:00:00.000Z').status).toBe('archived');
  });

  it('rejects damaged stored values, naming every problem', () => {
    const t = createThreat({ id: 'x', title: 'T', area, nowIso: '2024-06-30T10:00:00.000Z' });
    const bad = { ...JSON.parse(JSON.stringify(t)), likelihood: 7, phase: 'attack', area: { kind: 'polygon', rings: [[[1, 2]]] }, threatTypes: ['killing', 'genocide'] };
    const r = parseThreat(bad);
    expect(r.threat).toBeNull();
    expect(r.errors.join('\n')).toMatch(/likelihood/);
    expect(r.errors.join('\n')).toMatch(/phase/);
    expect(r.errors.join('\n')).toMatch(/area\.rings\[0\]/);
    expect(r.errors.join('\n')).toMatch(/threatTypes/);
    expect(parseThreat(null).errors).toEqual(['not an object']);
  });

  it('horizons and levels', () => {
    expect(defaultHorizon('2024-12-31T23:00:00Z', 30)).toEqual({ start: '2025-01-01', end: '2025-01-30' });
    expect(horizonDays({ start: '2025-01-01', end: '2025-01-30' })).toBe(30);
    expect(horizonDays({ start: '2025-02-01', end: '2025-01-30' })).toBe(0);
    expect([toLevel(0), toLevel(2.6), toLevel(9), toLevel(Number.NaN)]).toEqual([1, 3, 5, 1]);
  });
});

describe('reason sentences', () => {
  it('format numbers the same everywhere and read them back', () => {
    expect(formatNumber(52000)).toBe('52,000');
    expect(formatNumber(1234567.891, 2)).toBe('1,234,567.89');
    expect(formatNumber(-0.004, 2)).toBe('0.00');
    const r = reason('x', num(14), ' killings in ', num(30), ' days, ', signed(180), ' % on the ', num(90), '-day baseline; ', signed(-35.4), ' %; ×', num(1.375, 2));
    expect(r.text).toBe('14 killings in 30 days, +180 % on the 90-day baseline; -35 %; ×1.38');
    expect(r.numbers).toEqual([14, 30, 180, 90, -35, 1.38]);
    expect(parseNumbers(r.text)).toEqual(r.numbers);
    const g = rng(1);
    for (let k = 0; k < 500; k++) {
      const v = (g() - 0.5) * 10 ** Math.floor(g() * 8), d = Math.floor(g() * 3);
      const q = reason('y', 'value ', signed(v, d), ' and ', num(Math.abs(v), d));
      expect(parseNumbers(q.text)).toEqual(q.numbers);
    }
  });

  it('stable hash is deterministic and spreads', () => {
    expect(stableHash('abc')).toBe(stableHash('abc'));
    expect(stableHash('abc')).toMatch(/^[0-9a-f]{12}$/);
    const seen = new Set<string>();
    for (let k = 0; k < 5000; k++) seen.add(stableHash(`cells:${k}`));
    expect(seen.size).toBe(5000);
  });
});
