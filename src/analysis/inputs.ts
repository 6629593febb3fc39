/**
 * Column layouts the analysis entry points take, and converters from the domain objects.
 *
 * Owns the presence column layout (presences are few and kept as objects in the app, but
 * the analyses want typed arrays) and the mode order used by every per-mode output:
 * MODES[m] is mode index m, i.e. bit m of an in-range mask (foot = bit 0, road = bit 1,
 * air = bit 2) and block m of any [m · P + p] array.
 */
import type { Presence, Settlement } from '../domain/presence.ts';
import type { MobilityModeId } from '../domain/taxonomy.ts';
import { MOBILITY_MODES } from '../domain/taxonomy.ts';

export const MODES: readonly MobilityModeId[] = MOBILITY_MODES.map((m) => m.id);
export const MODE_COUNT = MODES.length;

export interface PointColumns {
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
}

export interface PresenceColumns {
  lon: Float64Array;
  lat: Float64Array;
  /** Reach per mode, km; 0 (or less, or NaN) = the presence cannot reach anything by that mode. */
  reachKm: Record<MobilityModeId, Float64Array>;
  /** The presences' own ids, index-aligned (for reports; not used in computation). */
  ids?: string[];
}

export function presenceColumns(presences: readonly Presence[]): PresenceColumns {
  const reachKm = Object.fromEntries(MODES.map((m) => [m, Float64Array.from(presences, (p) => p.reachKm[m] ?? 0)])) as Record<MobilityModeId, Float64Array>;
  return {
    lon: Float64Array.from(presences, (p) => p.lon),
    lat: Float64Array.from(presences, (p) => p.lat),
    reachKm,
    ids: presences.map((p) => p.id),
  };
}

export interface SettlementColumns {
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  population: ArrayLike<number>;
}

export function settlementColumns(settlements: readonly { lon: number; lat: number; population: number }[] | readonly Settlement[]): SettlementColumns {
  return {
    lon: Float64Array.from(settlements, (s) => s.lon),
    lat: Float64Array.from(settlements, (s) => s.lat),
    population: Float64Array.from(settlements, (s) => s.population),
  };
}
