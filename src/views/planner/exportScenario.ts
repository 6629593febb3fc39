/**
 * Planning-scenario exports for the briefing: the scenario's presences (temporary and
 * moved bases included) with their patrol ranges, the coverage figures per mode, per AOR,
 * the ranked gaps and the optimiser's proposals, as JSON or CSV text. Pure: the panel makes
 * the Blob and the download (nothing leaves the machine over a network).
 *
 * Every file starts with its provenance: scenario name, dataset, the exercise flag, the
 * export time, the demand and the coverage rule. CSV carries it as leading `#` lines (the
 * first says how many), JSON as a `provenance` member. The files hold no incident rows,
 * descriptions or sources: only aggregates and gap centres (each the weighted centre of
 * many incidents), so the do-no-harm rules on incident locations are not engaged.
 */
import { safeTextCell } from '../../io/incidentsCsv.ts';
import type { AorFigures, ModeFigures, PresenceFigures, ProposalSet, Share } from '../../state/planner.ts';
import { ALL_PLANNING_MODES, type Gap, type PlanningMode, type PlanPresence } from './planModel.ts';

export const PLAN_EXPORT_FORMAT = 'poc-threat-map-planning-scenario';

export interface PlanExportInput {
  tool: string;
  exportedAt: string;
  scenarioName: string;
  datasetName: string;
  exercise: boolean;
  /** e.g. "Incidents: 1 + civilians killed". */
  demand: string;
  /** e.g. "All incidents of the dataset (14,161 incidents)". */
  incidents: string;
  mode: PlanningMode;
  presences: readonly PlanPresence[];
  byMode: Readonly<Record<PlanningMode, ModeFigures>>;
  perPresence: readonly PresenceFigures[];
  perAor: readonly AorFigures[];
  gaps: readonly Gap[];
  proposals: ProposalSet | null;
}

const COVERAGE_RULE = 'A point is within reach of a presence when its great-circle distance is at most the patrol range (inclusive); mode "any" uses each presence\'s widest range.';

function shareJson(s: Share): { covered: number; total: number; sharePct: number | null; deltaVsBaseline: number } {
  return { covered: round(s.covered), total: round(s.total), sharePct: s.total > 0 ? round((100 * s.covered) / s.total, 2) : null, deltaVsBaseline: round(s.delta) };
}
function round(v: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function provenance(inp: PlanExportInput): Record<string, string | boolean> {
  return {
    tool: inp.tool,
    exported: inp.exportedAt,
    scenario: inp.scenarioName,
    dataset: inp.datasetName,
    exercise: inp.exercise,
    ...(inp.exercise ? { marking: 'EXERCISE — SYNTHETIC DATA' } : {}),
    planningMode: inp.mode,
    demand: inp.demand,
    incidents: inp.incidents,
    coverageRule: COVERAGE_RULE,
    content: 'planning scenario: presences and patrol ranges, coverage per mode and AOR, gaps, optimiser proposals',
  };
}

function statusText(p: PlanPresence): string {
  return p.status.length ? p.status.join('+') : 'as in data';
}

export function planToJson(inp: PlanExportInput): string {
  const doc = {
    format: PLAN_EXPORT_FORMAT,
    version: 1,
    provenance: provenance(inp),
    presences: inp.presences.map((p) => ({
      id: p.id, name: p.name, type: p.type, component: p.component, strength: p.strength, status: statusText(p), active: p.active,
      temporary: p.temporary, lon: p.lon, lat: p.lat, ...(p.from ? { dataLon: p.from.lon, dataLat: p.from.lat } : {}),
      reachKm: p.reachKm, ...(p.dataReachKm ? { dataReachKm: p.dataReachKm } : {}),
    })),
    coverage: {
      byMode: Object.fromEntries(ALL_PLANNING_MODES.map((m) => {
        const f = inp.byMode[m];
        return [m, {
          incidents: shareJson(f.incidents), civiliansKilled: shareJson(f.killed), incidentWeight: shareJson(f.weight),
          population: shareJson(f.population), ...(f.hotspot ? { hotspotMass: shareJson(f.hotspot) } : {}),
          uniformedPersonnel: f.personnel, areaWithinReachKm2: Math.round(f.areaKm2),
        }];
      })),
      perAor: inp.perAor.map((a) => ({ aor: a.name, mode: inp.mode, incidents: shareJson(a.incidents), population: shareJson(a.population) })),
      perPresence: inp.perPresence.map((p) => ({
        name: p.name, temporary: p.temporary, mode: inp.mode, reachKm: p.reachKm, incidentsWithinReach: p.incidents,
        populationWithinReach: round(p.population), strength: p.strength, active: p.active,
      })),
    },
    gaps: inp.gaps.map((g) => ({
      rank: g.rank, name: g.name, lon: round(g.lon, 5), lat: round(g.lat, 5), mode: inp.mode, weight: round(g.weight), demandPoints: g.count,
      civiliansKilled: g.killed, nearestPresence: g.nearest ? { name: g.nearest.name, km: round(g.nearest.km, 1), reachKm: g.nearest.reachKm } : null,
    })),
    optimiser: inp.proposals ? {
      mode: inp.proposals.mode, k: inp.proposals.k, candidates: inp.proposals.candidates, candidateCount: inp.proposals.candidateCount,
      coveredShareBeforePct: round(100 * inp.proposals.baseShare, 2), achievedSharePct: round(100 * inp.proposals.achievedShare, 2),
      upperBoundSharePct: round(100 * inp.proposals.boundShare, 2),
      proposals: inp.proposals.proposals.map((p) => ({
        rank: p.rank, place: p.place, lon: round(p.lon, 5), lat: round(p.lat, 5), reachKm: p.reachKm, marginalGain: round(p.gain),
        newlyCovered: p.newlyCovered, newlyCoveredKilled: p.newlyKilled, cumulativeSharePct: round(100 * p.share, 2),
      })),
    } : null,
  };
  return JSON.stringify(doc, null, 2);
}

/** A provenance line that no spreadsheet reads as a formula or splits into stray cells. */
function commentLine(text: string): string {
  return `# ${text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/"/g, "'").replace(/,\s*(?=[=+\-@])/g, ", '")}`;
}
function cell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const s = safeTextCell(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const PLAN_CSV_COLUMNS = [
  'section', 'id', 'name', 'type', 'status', 'lon', 'lat', 'reach_foot_km', 'reach_road_km', 'reach_air_km', 'strength',
  'mode', 'measure', 'covered', 'total', 'share_pct', 'delta_vs_baseline',
] as const;

export function planToCsv(inp: PlanExportInput): string {
  const rows: string[][] = [];
  const row = (r: Partial<Record<(typeof PLAN_CSV_COLUMNS)[number], string | number | boolean | null>>): void => {
    rows.push(PLAN_CSV_COLUMNS.map((c) => cell(r[c])));
  };
  for (const p of inp.presences) {
    row({
      section: p.temporary ? 'temporary_base' : 'presence', id: p.id, name: p.name, type: p.type, status: p.active ? statusText(p) : 'closed',
      lon: round(p.lon, 6), lat: round(p.lat, 6), reach_foot_km: p.reachKm.foot, reach_road_km: p.reachKm.road, reach_air_km: p.reachKm.air, strength: p.strength,
    });
  }
  const put = (section: string, mode: PlanningMode, measure: string, s: Share, name?: string): void => {
    row({ section, name: name ?? null, mode, measure, covered: round(s.covered), total: round(s.total), share_pct: s.total > 0 ? round((100 * s.covered) / s.total, 2) : null, delta_vs_baseline: round(s.delta) });
  };
  for (const m of ALL_PLANNING_MODES) {
    const f = inp.byMode[m];
    put('coverage', m, 'incidents', f.incidents);
    put('coverage', m, 'civilians_killed', f.killed);
    put('coverage', m, 'incident_weight', f.weight);
    put('coverage', m, 'population', f.population);
    if (f.hotspot) put('coverage', m, 'hotspot_mass', f.hotspot);
    row({ section: 'coverage', mode: m, measure: 'uniformed_personnel', covered: f.personnel });
    row({ section: 'coverage', mode: m, measure: 'area_within_reach_km2', covered: Math.round(f.areaKm2) });
  }
  for (const a of inp.perAor) {
    put('aor', inp.mode, 'incidents', a.incidents, a.name);
    put('aor', inp.mode, 'population', a.population, a.name);
  }
  for (const g of inp.gaps) {
    row({ section: 'gap', id: g.rank, name: g.name, lon: round(g.lon, 5), lat: round(g.lat, 5), mode: inp.mode, measure: 'uncovered_weight', covered: round(g.weight), total: g.count });
  }
  if (inp.proposals) {
    const pr = inp.proposals;
    for (const p of pr.proposals) {
      row({
        section: 'proposal', id: p.rank, name: p.place, type: 'operating_base', lon: round(p.lon, 5), lat: round(p.lat, 5),
        ...(pr.mode === 'any' ? { reach_road_km: p.reachKm } : { [`reach_${pr.mode}_km`]: p.reachKm }),
        mode: pr.mode, measure: 'marginal_gain', covered: round(p.gain), total: p.newlyCovered, share_pct: round(100 * p.share, 2),
      });
    }
  }
  const prov = provenance(inp);
  const body = [
    ...Object.entries(prov).map(([k, v]) => `${k}: ${String(v)}`),
    'sections: presence / temporary_base = the scenario\'s presences; coverage = figures per mobility mode (covered, total, share, change against the dataset\'s presences); aor = per area of responsibility in the planning mode; gap = largest clusters of demand out of reach (covered column = uncovered weight, total = demand points); proposal = optimiser proposals (covered = marginal gain, total = demand points newly covered, share_pct = cumulative covered share)',
    ...(inp.proposals ? [`optimiser: ${inp.proposals.k} bases from ${inp.proposals.candidates}; achieved ${(100 * inp.proposals.achievedShare).toFixed(1)} % of demand; upper bound ${(100 * inp.proposals.boundShare).toFixed(1)} %`] : []),
  ];
  const head = [`POC Threat Map planning scenario: the first ${body.length + 1} lines (starting with #) are provenance; the CSV header follows`, ...body].map(commentLine);
  return [...head, PLAN_CSV_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n';
}

export function planFileName(scenarioName: string, datasetName: string, exportedAt: string, ext: 'json' | 'csv'): string {
  const slug = (s: string): string => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'x';
  return `poc-plan-${slug(scenarioName)}-${slug(datasetName)}-${exportedAt.slice(0, 10)}.${ext}`;
}
