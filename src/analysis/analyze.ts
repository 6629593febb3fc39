/**
 * One-shot analysis pipeline: range, AOR membership, density, hotspots and coverage for a
 * set of incidents and presences — what the CLI's `analyze` command and the app's
 * "recompute everything" action run.
 *
 * Owns only the order and wiring of the steps; each step's method is in its own module.
 * The KDE grid is shared by hotspots and coverage, and the within-range result computed
 * once is reused by coverage.
 */
import type { AorGeometry } from './aor.ts';
import { aorMembershipJob } from './aor.ts';
import type { CoverageOptions, CoverageResult } from './coverage.ts';
import { coverageJob } from './coverage.ts';
import type { HotspotsOptions, HotspotsResult } from './hotspots.ts';
import { hotspotsJob } from './hotspots.ts';
import type { PresenceColumns, SettlementColumns } from './inputs.ts';
import type { Job } from './job.ts';
import { runSync, subJob } from './job.ts';
import type { KdeOptions, KdeResult } from './kde.ts';
import { kdeJob } from './kde.ts';
import type { WithinRangeOptions, WithinRangeResult } from './withinRange.ts';
import { withinRangeJob } from './withinRange.ts';

export interface AnalyzeInput {
  incidents: {
    lon: ArrayLike<number>;
    lat: ArrayLike<number>;
    fatalities?: ArrayLike<number>;
    /** Threat-type codes (taxonomy.ts), for the hotspots' dominant types. */
    threatType?: ArrayLike<number>;
  };
  presences: PresenceColumns;
  aors?: readonly AorGeometry[];
  settlements?: SettlementColumns;
}

export interface AnalyzeOptions {
  kde?: KdeOptions;
  /** Weight the density by fatalities instead of counting incidents. */
  weightByFatalities?: boolean;
  hotspots?: HotspotsOptions;
  coverage?: CoverageOptions;
  withinRange?: WithinRangeOptions;
}

export interface AnalyzeResult {
  within: WithinRangeResult;
  /** AOR index per incident (−1 none), null when no AORs were given. */
  aor: Int32Array | null;
  kde: KdeResult;
  hotspots: HotspotsResult;
  coverage: CoverageResult;
}

export function analyze(input: AnalyzeInput, options: AnalyzeOptions = {}): AnalyzeResult {
  return runSync(analyzeJob(input, options));
}

export function* analyzeJob(input: AnalyzeInput, options: AnalyzeOptions = {}): Job<AnalyzeResult> {
  const { incidents, presences } = input;
  const within = yield* subJob(withinRangeJob({ incidents, presences }, { lists: 'byPresence', ...options.withinRange }), 0, 0.3);
  const aor = input.aors ? yield* subJob(aorMembershipJob(incidents, input.aors), 0.3, 0.4) : null;
  const weight = options.weightByFatalities ? incidents.fatalities : undefined;
  const kde = yield* subJob(kdeJob({ lon: incidents.lon, lat: incidents.lat, weight }, options.kde), 0.4, 0.6);
  const hs = yield* subJob(hotspotsJob({ kde, incidents }, options.hotspots), 0.6, 0.7);
  const cov = yield* subJob(coverageJob({
    incidents: { ...incidents, aor: aor ?? undefined }, presences, within, kde, hotspotLabel: hs.label,
    settlements: input.settlements, aors: input.aors,
  }, options.coverage), 0.7, 1);
  return { within, aor, kde, hotspots: hs, coverage: cov };
}
