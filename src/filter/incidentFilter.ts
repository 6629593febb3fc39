/**
 * Incident filters, evaluated column by column over the columnar table.
 *
 * A filter is plain data (so it can live in the URL and travel to workers); `applyFilter`
 * turns it into a mask (1 = passes) in one pass over the columns, using per-code lookup
 * tables for the categorical columns so each test is one array read.
 * The period is kept apart from the rest (`periodOf`): the map applies it on the GPU
 * (deck.gl DataFilterExtension range on the `day` column), so brushing and playback change
 * a uniform, not an attribute.
 */
import type { IncidentTable } from '../domain/incidents.ts';

/** Allowed codes of a categorical column; absent = no restriction. */
export type CodeSet = readonly number[];

export type VictimGroup = 'women' | 'men' | 'girls' | 'boys' | 'unknown';

export interface IncidentFilter {
  /** Inclusive day range (days since 1970-01-01). */
  period?: { startDay: number; endDay: number };
  threatTypes?: CodeSet;
  perpetratorTypes?: CodeSet;
  /** Indices into strings.perpetrators. */
  perpetrators?: CodeSet;
  fatalities?: { min: number; max: number };
  /** Keep incidents with at least one victim in any of these groups. */
  victims?: readonly VictimGroup[];
  sourceTypes?: CodeSet;
  sourceReliability?: CodeSet;
  datePrecision?: CodeSet;
  locationPrecision?: CodeSet;
  /** Per-incident AOR index (−1 = outside every AOR), from the analysis; `inside` true/false or listed AORs. */
  aor?: { aorOfIncident: Int32Array; inside?: boolean; aors?: CodeSet };
  /** Per-incident reach bits from the analysis (bit m = reached by mode m). */
  range?: { reachBits: Uint8Array; mode: number; inRange: boolean };
  /** Incident indices selected on the map (polygon or circle). */
  selection?: Uint32Array;
}

function lookup(codes: CodeSet | undefined, size: number): Uint8Array | null {
  if (!codes) return null;
  const t = new Uint8Array(Math.max(size, 1));
  for (const c of codes) if (c >= 0 && c < t.length) t[c] = 1;
  return t;
}
function maxOf(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  return m;
}

export interface FilterResult {
  /** 1 where the incident passes every active filter (period included unless `ignorePeriod`). */
  mask: Uint8Array;
  count: number;
}

export function applyFilter(t: IncidentTable, f: IncidentFilter, opts: { ignorePeriod?: boolean; out?: Uint8Array } = {}): FilterResult {
  const n = t.length;
  const mask = opts.out && opts.out.length === n ? opts.out : new Uint8Array(n);
  const threat = lookup(f.threatTypes, 256);
  const perpType = lookup(f.perpetratorTypes, 256);
  const perp = lookup(f.perpetrators, t.strings.perpetrators.length);
  const srcType = lookup(f.sourceTypes, 256);
  const srcRel = lookup(f.sourceReliability, 256);
  const datePrec = lookup(f.datePrecision, 256);
  const locPrec = lookup(f.locationPrecision, 256);
  const aorList = f.aor?.aors ? lookup(f.aor.aors, maxOf(f.aor.aors) + 1) : null;
  const period = opts.ignorePeriod ? undefined : f.period;
  const startDay = period?.startDay ?? -Infinity;
  const endDay = period?.endDay ?? Infinity;
  const minF = f.fatalities?.min ?? 0;
  const maxF = f.fatalities?.max ?? Infinity;
  const vic = f.victims?.length ? f.victims : null;
  const vW = vic?.includes('women') ?? false, vM = vic?.includes('men') ?? false, vG = vic?.includes('girls') ?? false;
  const vB = vic?.includes('boys') ?? false, vU = vic?.includes('unknown') ?? false;
  const aorOf = f.aor?.aorOfIncident;
  const aorInside = f.aor?.inside;
  const reach = f.range?.reachBits;
  const reachBit = f.range ? 1 << f.range.mode : 0;
  const wantInRange = f.range?.inRange ?? true;
  let count = 0;
  if (f.selection) mask.fill(0);
  const indices = f.selection;
  const m = indices ? indices.length : n;
  for (let k = 0; k < m; k++) {
    const i = indices ? indices[k]! : k;
    let ok = 1;
    const day = t.day[i]!;
    if (day < startDay || day > endDay) ok = 0;
    else if (threat && !threat[t.threatType[i]!]) ok = 0;
    else if (perpType && !perpType[t.perpetratorType[i]!]) ok = 0;
    else if (perp && !perp[t.perpetrator[i]!]) ok = 0;
    else if (t.fatalities[i]! < minF || t.fatalities[i]! > maxF) ok = 0;
    else if (srcType && !srcType[t.sourceType[i]!]) ok = 0;
    else if (srcRel && !srcRel[t.sourceReliability[i]!]) ok = 0;
    else if (datePrec && !datePrec[t.datePrecision[i]!]) ok = 0;
    else if (locPrec && !locPrec[t.locationPrecision[i]!]) ok = 0;
    else if (vic && !((vW && t.victimsWomen[i]!) || (vM && t.victimsMen[i]!) || (vG && t.victimsGirls[i]!) || (vB && t.victimsBoys[i]!) || (vU && t.victimsUnknown[i]!))) ok = 0;
    else if (aorOf) {
      const a = aorOf[i]!;
      if (aorInside !== undefined && (a >= 0) !== aorInside) ok = 0;
      else if (aorList && (a < 0 || !aorList[a])) ok = 0;
    }
    if (ok && reach && (((reach[i]! & reachBit) !== 0) !== wantInRange)) ok = 0;
    mask[i] = ok;
    count += ok;
  }
  return { mask, count };
}

/** Indices of the incidents a mask keeps, in table order. */
export function maskToIndices(mask: Uint8Array, count?: number): Uint32Array {
  let c = count;
  if (c === undefined) { c = 0; for (let i = 0; i < mask.length; i++) c += mask[i]!; }
  const out = new Uint32Array(c);
  let k = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) out[k++] = i;
  return out;
}
