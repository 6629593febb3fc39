/**
 * Server-side renders of the analyst components (no DOM needed): they render without
 * throwing on random and empty data, and the numbers they expose (data-value etc.) equal
 * naive counts over incident objects.
 */
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { mulberry32, randomIncidents } from '../../../tests/fixtures/randomIncidents.ts';
import { incidentAt } from '../../domain/incidents.ts';
import { applyFilter, maskToIndices } from '../../filter/incidentFilter.ts';
import { VictimsChart } from './charts/VictimsChart.tsx';
import { TopAreasChart } from './charts/TopAreasChart.tsx';
import { PerpetratorChart } from './charts/PerpetratorChart.tsx';
import { FatalitiesChart } from './charts/FatalitiesChart.tsx';
import { FilterChips, filterChips } from './FilterChips.tsx';
import { FilterPanel, setCodes } from './FilterPanel.tsx';
import { IncidentTable } from './IncidentTable.tsx';
import { Timeline } from './Timeline.tsx';
import { Playback } from './Playback.tsx';

const t = randomIncidents(3000, 13);
t.descriptions[0] = '<img src=x onerror=alert(1)>';
t.strings.perpetrators[0] = '<b>Group & "zero"</b>';
const rows = Array.from({ length: t.length }, (_, i) => incidentAt(t, i));
const r = mulberry32(4);
const mask = Uint8Array.from({ length: t.length }, () => (r() < 0.5 ? 1 : 0));
const attrs = (html: string, name: string): string[] => [...html.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);
const extent = { startDay: 20000, endDay: 20729 };

describe('analyst components (static render)', () => {
  it('VictimsChart exposes the naive victim sums, unknown included', () => {
    const html = renderToStaticMarkup(createElement(VictimsChart, { table: t, mask }));
    const values = attrs(html, 'data-value').map(Number);
    const groups = attrs(html, 'data-group');
    expect(groups).toEqual(['women', 'men', 'girls', 'boys', 'unknown']);
    groups.forEach((g, k) => {
      const want = rows.reduce((a, x, i) => a + (mask[i] ? x.victims[g as 'women'] : 0), 0);
      expect(values[k]).toBe(want);
    });
  });
  it('TopAreasChart bars equal naive area counts', () => {
    const areaOf = Int32Array.from({ length: t.length }, () => Math.floor(r() * 12) - 1);
    const names = Array.from({ length: 11 }, (_, k) => `Place ${k}`);
    const html = renderToStaticMarkup(createElement(TopAreasChart, { table: t, mask, areaOf, areaNames: names, top: 5 }));
    const areas = attrs(html, 'data-area').map(Number);
    const values = attrs(html, 'data-value').map(Number);
    expect(areas.length).toBe(5);
    areas.forEach((a, k) => expect(values[k]).toBe(rows.filter((_, i) => mask[i] && areaOf[i] === a).length));
    expect(Number(attrs(html, 'data-unassigned')[0])).toBe(rows.filter((_, i) => mask[i] && areaOf[i]! < 0).length);
  });
  it('PerpetratorChart bars equal naive counts; names are escaped text', () => {
    const html = renderToStaticMarkup(createElement(PerpetratorChart, { table: t, mask, top: 8 }));
    const names = attrs(html, 'data-name');
    const values = attrs(html, 'data-value').map(Number);
    expect(names.length).toBe(8);
    names.forEach((n, k) => {
      const name = n.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      expect(values[k]).toBe(rows.filter((x, i) => mask[i] && x.perpetrator === name).length);
    });
    expect(html).not.toContain('<b>Group');
  });
  it('FatalitiesChart rows carry per-group totals', () => {
    const html = renderToStaticMarkup(createElement(FatalitiesChart, { table: t, mask, range: extent, bin: 'month' }));
    const inc = attrs(html, 'data-incidents').map(Number);
    expect(inc.reduce((a, b) => a + b, 0)).toBe(rows.filter((_, i) => mask[i]).length);
    const fat = attrs(html, 'data-fatalities').map(Number);
    expect(fat.reduce((a, b) => a + b, 0)).toBe(rows.reduce((a, x, i) => a + (mask[i] ? x.fatalities : 0), 0));
  });
  it('FilterPanel shows the filtered total; FilterChips words the filter', () => {
    const filter = { threatTypes: [0, 1, 2, 5], fatalities: { min: 1, max: Infinity }, period: { startDay: 20100, endDay: 20189 } };
    const html = renderToStaticMarkup(createElement(FilterPanel, { table: t, filter, onChange: () => {}, availability: { aor: false, range: false } }));
    expect(html).toContain(`data-testid="filter-total">${applyFilter(t, filter).count.toLocaleString('en')}<`);
    expect(filterChips(filter, t.strings.perpetrators).map((c) => c.label)).toEqual([
      'Period: 2025-01-12 – 2025-04-11', 'Threat: Life (all), Abduction', 'Killed: ≥ 1',
    ]);
    const chips = renderToStaticMarkup(createElement(FilterChips, { filter, onChange: () => {}, perpetratorNames: t.strings.perpetrators }));
    expect(chips).toContain('Clear all');
    expect(renderToStaticMarkup(createElement(FilterChips, { filter: {}, onChange: () => {}, perpetratorNames: [] }))).toBe('');
  });
  it('setCodes: all ticked means no restriction', () => {
    expect(setCodes(undefined, [3], false, 5)).toEqual([0, 1, 2, 4]);
    expect(setCodes([0, 1, 2, 4], [3], true, 5)).toBeUndefined();
    expect(setCodes([1], [1], false, 5)).toEqual([]);
    expect(setCodes(undefined, [0, 1], false, 2)).toEqual([]);
  });
  it('table, timeline and playback render (also with nothing to show); data is never HTML', () => {
    const indices = maskToIndices(mask);
    const withName = t.perpetrator.indexOf(0);
    const html = renderToStaticMarkup(createElement(IncidentTable, { table: t, indices: Uint32Array.of(0, withName, 2), selected: 0, onSelect: () => {} }));
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;b&gt;Group');
    expect(renderToStaticMarkup(createElement(IncidentTable, { table: t, indices, selected: null, onSelect: () => {} }))).toContain('data-testid="incident-table"');
    expect(renderToStaticMarkup(createElement(IncidentTable, { table: t, indices: new Uint32Array(0), selected: 5, onSelect: () => {} }))).toContain('No incidents');
    const tl = { table: t, mask, extent, onPeriodChange: () => {}, bin: 'week' as const, onBinChange: () => {} };
    expect(renderToStaticMarkup(createElement(Timeline, { ...tl, period: { startDay: 20500, endDay: 20589 } }))).toContain('incidents in period');
    expect(renderToStaticMarkup(createElement(Timeline, { ...tl, mask: new Uint8Array(t.length), period: null }))).toContain('0 incidents, all dates');
    expect(renderToStaticMarkup(createElement(Playback, { period: null, extent, onPeriodChange: () => {} }))).toContain('data-testid="playback"');
    const none = new Uint8Array(t.length);
    for (const C of [VictimsChart, PerpetratorChart]) expect(() => renderToStaticMarkup(createElement(C, { table: t, mask: none }))).not.toThrow();
    expect(() => renderToStaticMarkup(createElement(FatalitiesChart, { table: t, mask: none, range: extent, bin: 'day' }))).not.toThrow();
  });
});
