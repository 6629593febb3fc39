/**
 * `npm run cli -- analyze --incidents FILE --presences FILE [--aor FILE.geojson] [--bandwidth-km N] --out result.json`
 *
 * Headless run of the analysis engine (src/analysis/analyze.ts, the same code the app's
 * worker runs): per incident the nearest presence, its distance and whether each mobility
 * mode reaches it, AOR membership, coverage summaries, ranked hotspots, and the parameters
 * used, written as one JSON file.
 *
 * Inputs:
 *   incidents  the app's incident CSV (src/io/incidentsCsv.ts), or a GeoJSON FeatureCollection
 *              of Points whose properties carry the same names as the CSV columns (longitude
 *              and latitude come from the geometry). Rejected records are reported, not fatal.
 *   presences  GeoJSON Points with id, name, type, component, strength, reach_foot_km,
 *              reach_road_km, reach_air_km (src/scenario/files.ts presencesFromGeoJson), or a
 *              CSV with id,name,type,lon,lat,reach_foot_km,reach_road_km,reach_air_km
 *              (parsed here; optional columns component, strength).
 *   --aor      GeoJSON Polygons/MultiPolygons with id, name, owning_unit (aorsFromGeoJson).
 *   --settlements  optional CSV id,name,lon,lat,population for population coverage.
 * Options: --bandwidth-km N (default: ArcGIS rule), --kernel gaussian|quartic,
 *          --max-cells N (KDE grid, default 512), --hotspot-mass F (HDR share, default 0.5),
 *          --gap-mode foot|road|air|any (default any).
 * Exit codes: 0 done, 1 an input could not be read, 2 usage error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Presence } from '../../src/domain/presence.ts';
import type { MobilityModeId, PresenceTypeId } from '../../src/domain/taxonomy.ts';
import { PRESENCE_COMPONENTS, PRESENCE_TYPES } from '../../src/domain/taxonomy.ts';
import { INCIDENT_CSV_COLUMNS, parseIncidentsCsv, type ParsedIncidents } from '../../src/io/incidentsCsv.ts';
import { analyze } from '../../src/analysis/analyze.ts';
import type { Share, ShareSet } from '../../src/analysis/coverage.ts';
import type { KdeKernel } from '../../src/analysis/kde.ts';
import { MODES, presenceColumns, type SettlementColumns } from '../../src/analysis/inputs.ts';
import { aorsFromGeoJson, presencesFromGeoJson } from '../../src/scenario/files.ts';

const USAGE = `usage: npm run cli -- analyze --incidents FILE(.csv|.geojson) --presences FILE(.geojson|.csv) [--aor FILE.geojson]
         [--settlements FILE.csv] [--bandwidth-km N] [--kernel gaussian|quartic] [--max-cells N]
         [--hotspot-mass F] [--gap-mode foot|road|air|any] --out result.json`;

class UsageError extends Error {}
class InputError extends Error {}

interface Args {
  incidents: string;
  presences: string;
  aor?: string;
  settlements?: string;
  out: string;
  bandwidthKm?: number;
  kernel: KdeKernel;
  maxCells: number;
  hotspotMass: number;
  gapMode: MobilityModeId | 'any';
}

function parseArgs(args: string[]): Args {
  const o: Partial<Args> = { kernel: 'gaussian', maxCells: 512, hotspotMass: 0.5, gapMode: 'any' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const val = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    const positive = (v: string): number => {
      const n = Number(v);
      if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`${a} must be a positive number (got ${v})`);
      return n;
    };
    switch (a) {
      case '--incidents': o.incidents = val(); break;
      case '--presences': o.presences = val(); break;
      case '--aor': o.aor = val(); break;
      case '--settlements': o.settlements = val(); break;
      case '--out': o.out = val(); break;
      case '--bandwidth-km': o.bandwidthKm = positive(val()); break;
      case '--max-cells': o.maxCells = Math.round(positive(val())); break;
      case '--hotspot-mass': { const f = positive(val()); if (f > 1) throw new UsageError('--hotspot-mass must be in (0, 1]'); o.hotspotMass = f; break; }
      case '--kernel': { const v = val(); if (v !== 'gaussian' && v !== 'quartic') throw new UsageError('--kernel must be gaussian or quartic'); o.kernel = v; break; }
      case '--gap-mode': { const v = val(); if (v !== 'any' && !(MODES as readonly string[]).includes(v)) throw new UsageError(`--gap-mode must be one of any, ${MODES.join(', ')}`); o.gapMode = v as Args['gapMode']; break; }
      case '-h': case '--help': throw new UsageError('');
      default: throw new UsageError(`unknown option ${a}`);
    }
  }
  if (!o.incidents || !o.presences || !o.out) throw new UsageError('--incidents, --presences and --out are required');
  return o as Args;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readText(path)) as unknown;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

const looksLikeJson = (text: string): boolean => /^\s*[{[]/.test(text.replace(/^\uFEFF/, ''));

/** Incidents from the app CSV, or a GeoJSON FeatureCollection with the CSV column names as properties. */
function readIncidents(path: string): ParsedIncidents {
  const text = readText(path);
  if (!looksLikeJson(text)) return parseIncidentsCsv(text);
  let fc: unknown;
  try { fc = JSON.parse(text); } catch (e) { throw new InputError(`${path} is not valid JSON: ${(e as Error).message}`); }
  const feats = (fc as { type?: unknown; features?: unknown }).type === 'FeatureCollection' ? (fc as { features: unknown }).features : null;
  if (!Array.isArray(feats)) throw new InputError(`${path}: not a GeoJSON FeatureCollection`);
  // Rewrite as the app's CSV so one parser validates both formats the same way.
  const rows = feats.map((f: unknown) => {
    const feat = (f ?? {}) as { geometry?: { type?: unknown; coordinates?: unknown }; properties?: Record<string, unknown> };
    const props = feat.properties ?? {};
    const coords = feat.geometry?.type === 'Point' && Array.isArray(feat.geometry.coordinates) ? feat.geometry.coordinates as unknown[] : [];
    return INCIDENT_CSV_COLUMNS.map((c) => {
      if (c === 'longitude') return coords[0] ?? '';
      if (c === 'latitude') return coords[1] ?? '';
      const v = props[c];
      return v === undefined || v === null ? '' : v;
    }).map((v) => String(v));
  });
  return parseIncidentsCsv(Papa.unparse({ fields: [...INCIDENT_CSV_COLUMNS], data: rows }));
}

/** Presences from GeoJSON (files.ts) or from a CSV id,name,type,lon,lat,reach_*_km (parsed here). */
function readPresences(path: string): Presence[] {
  const text = readText(path);
  if (looksLikeJson(text)) {
    try {
      return presencesFromGeoJson(JSON.parse(text) as unknown);
    } catch (e) {
      throw new InputError(`${path}: ${(e as Error).message}`);
    }
  }
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy' });
  const required = ['id', 'name', 'type', 'lon', 'lat', 'reach_foot_km', 'reach_road_km', 'reach_air_km'];
  const missing = required.filter((c) => !(parsed.meta.fields ?? []).includes(c));
  if (missing.length) throw new InputError(`${path}: not a presences CSV: missing columns ${missing.join(', ')}`);
  const types = PRESENCE_TYPES.map((t) => t.id) as string[];
  const seen = new Set<string>();
  return parsed.data.map((row, i) => {
    const where = `${path}: row ${i + 2}`;
    const num = (c: string, min: number, max: number): number => {
      const v = Number(row[c]);
      if (row[c] === '' || !Number.isFinite(v) || v < min || v > max) throw new InputError(`${where}: ${c} must be a number in ${min}..${max} (got "${row[c] ?? ''}")`);
      return v;
    };
    if (!row.id) throw new InputError(`${where}: missing id`);
    if (seen.has(row.id)) throw new InputError(`${where}: duplicate id "${row.id}"`);
    seen.add(row.id);
    if (!types.includes(row.type ?? '')) throw new InputError(`${where}: type must be one of ${types.join(', ')}`);
    const component = (PRESENCE_COMPONENTS as readonly string[]).includes(row.component ?? '') ? row.component as Presence['component'] : 'military';
    return {
      id: row.id, name: row.name || row.id, type: row.type as PresenceTypeId, component,
      strength: row.strength ? num('strength', 0, Infinity) : 0,
      lon: num('lon', -180, 180), lat: num('lat', -90, 90),
      reachKm: { foot: num('reach_foot_km', 0, 20000), road: num('reach_road_km', 0, 20000), air: num('reach_air_km', 0, 20000) },
    };
  });
}

function readSettlements(path: string): { cols: SettlementColumns; count: number } {
  const parsed = Papa.parse<Record<string, string>>(readText(path).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy' });
  const missing = ['lon', 'lat', 'population'].filter((c) => !(parsed.meta.fields ?? []).includes(c));
  if (missing.length) throw new InputError(`${path}: not a settlements CSV: missing columns ${missing.join(', ')}`);
  const rows = parsed.data.filter((r) => Number.isFinite(Number(r.lon)) && Number.isFinite(Number(r.lat)) && Number(r.population) >= 0 && r.lon !== '' && r.lat !== '');
  return {
    cols: { lon: Float64Array.from(rows, (r) => Number(r.lon)), lat: Float64Array.from(rows, (r) => Number(r.lat)), population: Float64Array.from(rows, (r) => Number(r.population)) },
    count: rows.length,
  };
}

const round = (x: number, digits: number): number => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);
const shareOut = (s: Share): Share => ({ reached: round(s.reached, 6), total: round(s.total, 6), share: s.share === null ? null : round(s.share, 6) });
const shareSetOut = (s: ShareSet): Record<string, Share> => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, shareOut(v)]));

export async function run(args: string[]): Promise<number> {
  let a: Args;
  try {
    a = parseArgs(args);
  } catch (e) {
    if (e instanceof UsageError) { if (e.message) console.error(e.message); console.error(USAGE); return 2; }
    throw e;
  }
  try {
    const parsed = readIncidents(a.incidents);
    const t = parsed.table;
    const presences = readPresences(a.presences);
    const aors = a.aor ? (() => { try { return aorsFromGeoJson(readJson(a.aor)); } catch (e) { throw new InputError(`${a.aor}: ${(e as Error).message}`); } })() : undefined;
    const settlements = a.settlements ? readSettlements(a.settlements) : undefined;
    const pc = presenceColumns(presences);

    const res = analyze(
      { incidents: { lon: t.lon, lat: t.lat, fatalities: t.fatalities, threatType: t.threatType }, presences: pc, aors, settlements: settlements?.cols },
      {
        kde: { kernel: a.kernel, bandwidthKm: a.bandwidthKm, maxCells: a.maxCells },
        hotspots: { threshold: { kind: 'hdr', mass: a.hotspotMass } },
        coverage: { gapMode: a.gapMode, gapThreshold: { kind: 'hdr', mass: a.hotspotMass } },
      },
    );
    const { within, kde, hotspots, coverage } = res;
    const P = presences.length, A = aors?.length ?? 0;

    const incidents = Array.from({ length: t.length }, (_, i) => {
      const np = within.nearest[i]!;
      const bits = within.inRange[i]!;
      const aorIdx = res.aor ? res.aor[i]! : -1;
      return {
        id: t.ids[i]!,
        nearestPresenceId: np >= 0 ? presences[np]!.id : null,
        distanceKm: np >= 0 ? round(within.distanceKm[i]!, 6) : null,
        inRange: Object.fromEntries(MODES.map((m, mi) => [m, (bits & (1 << mi)) !== 0])) as Record<MobilityModeId, boolean>,
        aorId: aorIdx >= 0 ? aors![aorIdx]!.id : null,
      };
    });
    const modeKeys = [...MODES, 'any'] as const;
    const perPresence = presences.map((p, pi) => ({
      id: p.id, name: p.name, type: p.type,
      reachKm: p.reachKm,
      ...Object.fromEntries(modeKeys.map((m, mi) => [m, {
        incidents: coverage.perPresence.incidents[mi * P + pi]!, fatalities: coverage.perPresence.fatalities[mi * P + pi]!,
        densityMass: round(coverage.perPresence.densityMass[mi * P + pi]!, 6), hotspotMass: round(coverage.perPresence.hotspotMass[mi * P + pi]!, 6),
        population: coverage.perPresence.population[mi * P + pi]!,
      }])),
    }));
    const pa = coverage.perAor;
    const perAor = (aors ?? []).map((ar, ai) => ({
      id: ar.id, name: ar.name, owningUnit: ar.owningUnit,
      incidents: pa.incidents[ai]!, fatalities: pa.fatalities[ai]!, densityMass: round(pa.densityMass[ai]!, 6),
      hotspotMass: round(pa.hotspotMass[ai]!, 6), population: pa.population[ai]!,
      reached: Object.fromEntries(modeKeys.map((m, mi) => [m, {
        incidents: pa.reachedIncidents[mi * A + ai]!, fatalities: pa.reachedFatalities[mi * A + ai]!,
        densityMass: round(pa.reachedDensityMass[mi * A + ai]!, 6), hotspotMass: round(pa.reachedHotspotMass[mi * A + ai]!, 6),
        population: pa.reachedPopulation[mi * A + ai]!,
      }])),
    }));
    const result = {
      parameters: {
        incidentsFile: a.incidents, presencesFile: a.presences, aorFile: a.aor ?? null, settlementsFile: a.settlements ?? null,
        incidentRecords: parsed.records, incidentsAnalysed: t.length, incidentsRejected: parsed.rejected.length,
        presences: P, aors: A, settlements: settlements?.count ?? 0,
        distance: 'great-circle on the mean sphere R = 6371.0088 km (within 0.56 % of WGS84)',
        rangeRule: `inclusive: in range when distance ≤ reach + ${within.toleranceKm} km; reach 0 = mode not available`,
        kde: {
          kernel: kde.kernel, method: kde.method, bandwidthKm: round(kde.bandwidthKm, 6), bandwidthRule: kde.bandwidthRule,
          supportKm: round(kde.supportKm, 6), unit: 'incidents per 100 km²',
          grid: { projection: `Lambert azimuthal equal-area about ${round(kde.grid.projection.lon0, 6)}, ${round(kde.grid.projection.lat0, 6)}`, cellKm: round(kde.grid.cellKm, 6), nx: kde.grid.nx, ny: kde.grid.ny, x0Km: round(kde.grid.x0, 6), y0Km: round(kde.grid.y0, 6) },
        },
        hotspots: { threshold: hotspots.thresholdRule, thresholdDensity: round(hotspots.threshold, 9), connectivity: 8, rankedBy: 'mass (expected incidents)' },
        gap: { mode: a.gapMode, rule: { kind: 'hdr', mass: a.hotspotMass } },
      },
      summary: {
        inRangeByMode: Object.fromEntries(MODES.map((m, mi) => [m, within.countByMode[mi]!])),
        inRangeAny: within.countAny,
      },
      incidents,
      coverage: {
        overall: shareSetOut(coverage.overall),
        byMode: Object.fromEntries(MODES.map((m, mi) => [m, shareSetOut(coverage.byMode[mi]!)])),
        perPresence, perAor,
        gap: coverage.gap ? { mode: coverage.gap.mode, thresholdDensity: round(coverage.gap.threshold, 9), cells: coverage.gap.cellCount, areaKm2: round(coverage.gap.areaKm2, 3), mass: round(coverage.gap.mass, 6) } : null,
      },
      hotspots: hotspots.hotspots.map((h) => ({
        ...h, areaKm2: round(h.areaKm2, 3), mass: round(h.mass, 6), peakDensity: round(h.peakDensity, 6),
        peakLon: round(h.peakLon, 6), peakLat: round(h.peakLat, 6), centroidLon: round(h.centroidLon, 6), centroidLat: round(h.centroidLat, 6),
      })),
      rejected: parsed.rejected,
    };
    writeFileSync(a.out, JSON.stringify(result, null, 1));
    console.log(`analyzed ${t.length} incidents (${parsed.rejected.length} rejected) against ${P} presences${A ? ` and ${A} AORs` : ''}: ` +
      `in range ${MODES.map((m, mi) => `${m} ${within.countByMode[mi]}`).join(', ')}, any ${within.countAny}; ${hotspots.hotspots.length} hotspots → ${a.out}`);
    return 0;
  } catch (e) {
    if (e instanceof InputError) { console.error(e.message); return 1; }
    throw e;
  }
}
