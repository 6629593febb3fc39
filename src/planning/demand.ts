/**
 * Demand points for coverage planning: what a base should be near. The force planner
 * chooses what "demand" means (issue 7): incident severity, hotspot (density) mass, or
 * the population of settlements and displacement sites.
 *
 * Owns the demand column layout and the weighting rules. Demand is columnar
 * (Float64Array lon, lat, weight, plus `source`, the row of each point in the table it
 * came from), so it moves to the worker as transferables and feeds the spatial index
 * directly.
 *
 * Weights, and why they are as they are:
 *   incidents   base + fatalityWeight·fatalities (+ injuredWeight·injured); default
 *               1 + fatalities (every incident counts, lethal ones more). `base:
 *               'threatType'` uses THREAT_TYPE_SEVERITY instead of 1: mass atrocities
 *               and killings first, then physical integrity, then the rest (the policy's
 *               prioritisation by potential impact, para 17). These weights are a
 *               planning convention, not a measurement; the user can edit them.
 *               Incidents with unusable coordinates are kept: they count in the total
 *               and are never covered, as in coverage.ts, so shares agree with it.
 *   density     KDE mass of each grid cell, density × cellKm² / 100 (expected incidents),
 *               at the cell centre: coverage.ts's densityMass rule. `hotspotsOnly` keeps
 *               the cells inside a hotspot (hotspotMass). Cells with no mass are dropped
 *               (they change no total); `source` is the flat cell index.
 *   population  settlement population, and displacement-site population × siteWeight
 *               (default 1). Non-positive or non-finite populations are dropped.
 */
import type { GridSpec } from '../analysis/grid.ts';
import { cellCentresLonLat } from '../analysis/grid.ts';
import type { SettlementColumns } from '../analysis/inputs.ts';
import type { ThreatTypeId } from '../domain/taxonomy.ts';
import { THREAT_TYPES } from '../domain/taxonomy.ts';

export type DemandKind = 'incidents' | 'density' | 'hotspots' | 'population' | 'custom';

export interface DemandPoints {
  kind: DemandKind;
  lon: Float64Array;
  lat: Float64Array;
  /** ≥ 0 and finite. */
  weight: Float64Array;
  /** Row of each point in its source: incident row, flat grid cell, settlement or site index. */
  source: Int32Array;
  /** Population demand only: 0 = settlement, 1 = displacement site. */
  origin?: Uint8Array;
}

/**
 * Default severity per threat type for `base: 'threatType'` (policy para 17: potential
 * impact, mass atrocities first). Editable through IncidentDemandOptions.typeWeights.
 */
export const THREAT_TYPE_SEVERITY: Readonly<Record<ThreatTypeId, number>> = {
  massacre: 5,
  killing: 3,
  summary_execution: 3,
  crsv: 3,
  assault: 2,
  torture: 2,
  abduction: 2,
  child_recruitment: 2,
  forced_displacement: 2,
  enforced_disappearance: 2,
  explosive_ordnance: 2,
  arbitrary_detention: 1,
  forced_labour: 1,
  movement_restriction: 1,
  intimidation: 1,
  looting: 1,
  extortion: 1,
  destruction_of_homes: 1,
  deprivation: 1,
  other: 1,
};

export interface IncidentDemandInput {
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  fatalities?: ArrayLike<number>;
  injured?: ArrayLike<number>;
  /** Code per incident (index into THREAT_TYPES); needed for base 'threatType'. */
  threatType?: ArrayLike<number>;
}

export interface IncidentDemandOptions {
  /** Weight every incident starts with: a number (default 1) or 'threatType' (THREAT_TYPE_SEVERITY). */
  base?: number | 'threatType';
  /** Overrides of THREAT_TYPE_SEVERITY for base 'threatType'. */
  typeWeights?: Partial<Record<ThreatTypeId, number>>;
  /** Added per civilian killed (default 1). */
  fatalityWeight?: number;
  /** Added per civilian injured (default 0). */
  injuredWeight?: number;
  /** Only rows with include[i] ≠ 0 (e.g. the filtered view); default every row. */
  include?: ArrayLike<number>;
}

function finiteNonNegative(x: number): number {
  return Number.isFinite(x) && x > 0 ? x : 0;
}

export function demandFromIncidents(incidents: IncidentDemandInput, options: IncidentDemandOptions = {}): DemandPoints {
  const N = incidents.lon.length;
  if (incidents.lat.length !== N) throw new Error('demandFromIncidents: lon and lat differ in length');
  const base = options.base ?? 1;
  const fw = options.fatalityWeight ?? 1, iw = options.injuredWeight ?? 0;
  let typeW: Float64Array | null = null;
  if (base === 'threatType') {
    if (!incidents.threatType) throw new Error("demandFromIncidents: base 'threatType' needs the threatType column");
    typeW = Float64Array.from(THREAT_TYPES, (t) => options.typeWeights?.[t.id] ?? THREAT_TYPE_SEVERITY[t.id]);
  }
  const inc = options.include;
  let n = 0;
  for (let i = 0; i < N; i++) if (!inc || inc[i]) n++;
  const out: DemandPoints = { kind: 'incidents', lon: new Float64Array(n), lat: new Float64Array(n), weight: new Float64Array(n), source: new Int32Array(n) };
  const fat = incidents.fatalities, inj = incidents.injured, tt = incidents.threatType;
  let k = 0;
  for (let i = 0; i < N; i++) {
    if (inc && !inc[i]) continue;
    let w = typeW ? (typeW[tt![i]!] ?? 1) : (base as number);
    if (fat && fw !== 0) w += fw * Number(fat[i]);
    if (inj && iw !== 0) w += iw * Number(inj[i]);
    out.lon[k] = incidents.lon[i]!; out.lat[k] = incidents.lat[i]!;
    out.weight[k] = finiteNonNegative(w);
    out.source[k++] = i;
  }
  return out;
}

export interface DensityDemandOptions {
  /** hotspots.ts label per cell (−1 = not in a hotspot); needed for hotspotsOnly. */
  hotspotLabel?: Int32Array;
  /** Keep only cells inside a hotspot (coverage.ts's hotspotMass). */
  hotspotsOnly?: boolean;
}

export function demandFromDensity(kde: { grid: GridSpec; density: Float64Array }, options: DensityDemandOptions = {}): DemandPoints {
  const { grid, density } = kde;
  if (options.hotspotsOnly && !options.hotspotLabel) throw new Error('demandFromDensity: hotspotsOnly needs hotspotLabel');
  const area = (grid.cellKm * grid.cellKm) / 100;
  const label = options.hotspotsOnly ? options.hotspotLabel! : null;
  const keep = (c: number): boolean => finiteNonNegative(density[c]! * area) > 0 && (!label || label[c]! >= 0);
  let n = 0;
  for (let c = 0; c < density.length; c++) if (keep(c)) n++;
  const centres = cellCentresLonLat(grid);
  const out: DemandPoints = { kind: label ? 'hotspots' : 'density', lon: new Float64Array(n), lat: new Float64Array(n), weight: new Float64Array(n), source: new Int32Array(n) };
  let k = 0;
  for (let c = 0; c < density.length; c++) {
    if (!keep(c)) continue;
    out.lon[k] = centres.lon[c]!; out.lat[k] = centres.lat[c]!;
    out.weight[k] = density[c]! * area; out.source[k++] = c;
  }
  return out;
}

export interface PopulationDemandInput {
  settlements?: SettlementColumns;
  /** Displacement sites (IDP sites, POC sites, refugee camps). */
  sites?: SettlementColumns;
}

export interface PopulationDemandOptions {
  /** Multiplier on displacement-site population (default 1): displaced people are often the most exposed. */
  siteWeight?: number;
  /** Drop settlements below this population (default 0: keep all). */
  minPopulation?: number;
}

export function demandFromPopulation(input: PopulationDemandInput, options: PopulationDemandOptions = {}): DemandPoints {
  const parts: [SettlementColumns, number, number][] = [];
  if (input.settlements) parts.push([input.settlements, 1, 0]);
  if (input.sites) parts.push([input.sites, options.siteWeight ?? 1, 1]);
  const minPop = options.minPopulation ?? 0;
  const keep = (s: SettlementColumns, i: number): boolean => finiteNonNegative(Number(s.population[i])) > 0 && Number(s.population[i]) >= minPop;
  let n = 0;
  for (const [s] of parts) for (let i = 0; i < s.lon.length; i++) if (keep(s, i)) n++;
  const out: DemandPoints = { kind: 'population', lon: new Float64Array(n), lat: new Float64Array(n), weight: new Float64Array(n), source: new Int32Array(n), origin: new Uint8Array(n) };
  let k = 0;
  for (const [s, f, origin] of parts) {
    for (let i = 0; i < s.lon.length; i++) {
      if (!keep(s, i)) continue;
      out.lon[k] = s.lon[i]!; out.lat[k] = s.lat[i]!;
      out.weight[k] = finiteNonNegative(f * Number(s.population[i]));
      out.source[k] = i; out.origin![k++] = origin;
    }
  }
  return out;
}

/** Any weighted points (user-provided), weights cleaned to finite ≥ 0. */
export function demandFromColumns(lon: ArrayLike<number>, lat: ArrayLike<number>, weight?: ArrayLike<number>): DemandPoints {
  const n = lon.length;
  if (lat.length !== n || (weight && weight.length !== n)) throw new Error('demandFromColumns: columns differ in length');
  return {
    kind: 'custom',
    lon: Float64Array.from(lon), lat: Float64Array.from(lat),
    weight: Float64Array.from({ length: n }, (_, i) => (weight ? finiteNonNegative(Number(weight[i])) : 1)),
    source: Int32Array.from({ length: n }, (_, i) => i),
  };
}

/** Σ weight (the denominator of every planner share). */
export function totalWeight(demand: { weight: ArrayLike<number> }): number {
  let s = 0;
  for (let i = 0; i < demand.weight.length; i++) s += demand.weight[i]!;
  return s;
}
