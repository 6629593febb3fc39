/**
 * Own-harm tracking: civilian harm attributed to the mission or its partnered forces
 * (policy paras 54–55: tracked and mitigated, never hidden).
 *
 * Owns the guarantee that a perpetrator choice in a filter never hides own-harm incidents
 * (`withOwnHarmVisible`), the count of those a given filter would have hidden, and the
 * separate own-harm counts by period, threat type and perpetrator.
 *
 * Only the PERPETRATOR criteria (perpetrator type, perpetrator names) are widened: a
 * period, a threat type or a map selection still applies to own-harm incidents like any
 * other, because those are the analyst's question, not a choice of whose harm to see.
 */
import type { IncidentTable } from '../domain/incidents.ts';
import { PERPETRATOR_TYPE_CODE, THREAT_TYPES } from '../domain/taxonomy.ts';
import type { TimeBin } from '../filter/aggregate.ts';
import { binStart, nextBinStart } from '../filter/aggregate.ts';
import type { IncidentFilter } from '../filter/incidentFilter.ts';
import { applyFilter } from '../filter/incidentFilter.ts';

/** Perpetrator-type code of the mission and partnered forces. */
export const OWN_HARM_CODE = PERPETRATOR_TYPE_CODE.mission_or_partner;

export function isOwnHarm(t: IncidentTable, i: number): boolean {
  return t.perpetratorType[i] === OWN_HARM_CODE;
}

/** Perpetrator-name codes that appear on own-harm incidents. */
export function ownHarmPerpetratorCodes(t: IncidentTable): number[] {
  const seen = new Uint8Array(Math.max(1, t.strings.perpetrators.length));
  for (let i = 0; i < t.length; i++) if (t.perpetratorType[i] === OWN_HARM_CODE) seen[t.perpetrator[i]!] = 1;
  const out: number[] = [];
  seen.forEach((v, c) => { if (v) out.push(c); });
  return out;
}

/**
 * The filter with its perpetrator criteria widened so own-harm incidents pass them:
 * the mission/partner type is added to a perpetrator-type list, and (given the table)
 * the names found on own-harm incidents are added to a perpetrator-name list. Returns
 * the SAME object when nothing needed changing (memoised views stay memoised).
 * A name shared with a non-mission actor lets that actor's incidents through too; the
 * alternative (hiding own harm) is the one the policy rules out.
 */
export function withOwnHarmVisible(filter: IncidentFilter, table?: IncidentTable): IncidentFilter {
  let out = filter;
  if (filter.perpetratorTypes && !filter.perpetratorTypes.includes(OWN_HARM_CODE)) {
    out = { ...out, perpetratorTypes: [...filter.perpetratorTypes, OWN_HARM_CODE] };
  }
  if (filter.perpetrators && table) {
    const add = ownHarmPerpetratorCodes(table).filter((c) => !filter.perpetrators!.includes(c));
    if (add.length) out = { ...out, perpetrators: [...filter.perpetrators, ...add] };
  }
  return out;
}

/** How many own-harm incidents the filter hides through its perpetrator criteria alone (for a warning chip). */
export function ownHarmHiddenBy(t: IncidentTable, filter: IncidentFilter, opts: { ignorePeriod?: boolean } = {}): number {
  const widened = withOwnHarmVisible(filter, t);
  if (widened === filter) return 0;
  const a = applyFilter(t, filter, opts).mask, b = applyFilter(t, widened, opts).mask;
  let n = 0;
  for (let i = 0; i < t.length; i++) if (b[i] && !a[i] && t.perpetratorType[i] === OWN_HARM_CODE) n++;
  return n;
}

export interface HarmCount {
  incidents: number;
  /** Civilians killed. */
  fatalities: number;
  injured: number;
}

export interface OwnHarmSummary {
  total: HarmCount;
  byType: ({ id: (typeof THREAT_TYPES)[number]['id'] } & HarmCount)[];
  byPerpetrator: ({ name: string } & HarmCount)[];
  /** Every bin from the first to the last own-harm incident, empty bins included (for charts). */
  byPeriod: ({ startDay: number; endDay: number } & HarmCount)[];
  /** The own-harm incidents counted, table order. */
  indices: Uint32Array;
}

const zero = (): HarmCount => ({ incidents: 0, fatalities: 0, injured: 0 });
function add(c: HarmCount, t: IncidentTable, i: number): void {
  c.incidents++; c.fatalities += t.fatalities[i]!; c.injured += t.injured[i]!;
}

/**
 * Own-harm counts. `filter` (optional) is applied WITH own harm made visible, so the
 * counts can never be zeroed by a perpetrator choice; `period` is the inclusive day range.
 */
export function ownHarmSummary(t: IncidentTable, options: { filter?: IncidentFilter; period?: { startDay: number; endDay: number }; bin?: TimeBin } = {}): OwnHarmSummary {
  const f = withOwnHarmVisible({ ...(options.filter ?? {}), ...(options.period ? { period: options.period } : {}) }, t);
  const mask = applyFilter(t, f).mask;
  const total = zero();
  const byType = THREAT_TYPES.map(zero);
  const byPerp = new Map<number, HarmCount>();
  const idx: number[] = [];
  let first = Infinity, last = -Infinity;
  for (let i = 0; i < t.length; i++) {
    if (!mask[i] || t.perpetratorType[i] !== OWN_HARM_CODE) continue;
    idx.push(i);
    add(total, t, i);
    add(byType[t.threatType[i]!]!, t, i);
    const p = t.perpetrator[i]!;
    let c = byPerp.get(p);
    if (!c) { c = zero(); byPerp.set(p, c); }
    add(c, t, i);
    const d = t.day[i]!;
    if (d < first) first = d;
    if (d > last) last = d;
  }
  const bin = options.bin ?? 'month';
  const byPeriod: OwnHarmSummary['byPeriod'] = [];
  if (idx.length) {
    const pos = new Map<number, number>();
    for (let s = binStart(first, bin); s <= last; s = nextBinStart(s, bin)) {
      pos.set(s, byPeriod.length);
      byPeriod.push({ startDay: s, endDay: nextBinStart(s, bin) - 1, ...zero() });
    }
    for (const i of idx) add(byPeriod[pos.get(binStart(t.day[i]!, bin))!]!, t, i);
  }
  return {
    total,
    byType: byType.map((c, k) => ({ id: THREAT_TYPES[k]!.id, ...c })).filter((c) => c.incidents > 0),
    byPerpetrator: [...byPerp.entries()].map(([p, c]) => ({ name: t.strings.perpetrators[p] ?? '', ...c }))
      .sort((a, b) => b.incidents - a.incidents || (a.name < b.name ? -1 : 1)),
    byPeriod,
    indices: Uint32Array.from(idx),
  };
}
