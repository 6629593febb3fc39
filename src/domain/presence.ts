/**
 * Mission presences (bases, offices, POC sites), areas of responsibility, settlements
 * and displacement sites. Few enough (tens to thousands) to keep as plain objects.
 */
import type { MobilityModeId, PresenceComponent, PresenceTypeId } from './taxonomy.ts';

/** Reach in km from the presence, per mobility mode; 0 means the mode is not available. */
export type Reach = Record<MobilityModeId, number>;

export interface Presence {
  id: string;
  name: string;
  type: PresenceTypeId;
  component: PresenceComponent;
  /** Personnel deployed (troops, police or civilian staff). */
  strength: number;
  lon: number;
  lat: number;
  reachKm: Reach;
  /** True for a base the planner added or moved (what-if); never true in imported data. */
  temporary?: boolean;
  /**
   * When the presence was open: ascending, non-overlapping intervals of ISO dates
   * (YYYY-MM-DD), `to` inclusive, null = still open. Absent = open for every date (the
   * exercise, files without dates). A base that closes and reopens has two intervals.
   */
  intervals?: PresenceInterval[];
  /** What changed over time (strength, type), ascending by `from`; the top-level fields are the latest. */
  history?: PresenceRecord[];
  /** Mission acronym as the file writes it (e.g. MINUSCA); ids of dated bases are `MISSION/base`. */
  mission?: string;
  /** The workspace dataset the presence came from (#12); absent for the exercise. */
  datasetId?: string;
}

export interface PresenceInterval {
  from: string;
  to: string | null;
}

export interface PresenceRecord {
  from: string;
  strength: number;
  type: PresenceTypeId;
}

/** True when the presence was open on `isoDate` (YYYY-MM-DD; string order is date order). */
export function presenceOpenOn(p: Pick<Presence, 'intervals'>, isoDate: string): boolean {
  if (!p.intervals) return true;
  for (const iv of p.intervals) if (iv.from <= isoDate && (iv.to === null || isoDate <= iv.to)) return true;
  return false;
}

/** Default reach per presence type, in km (foot patrol radius, road patrol radius, helicopter radius). */
export const DEFAULT_REACH_KM: Readonly<Record<PresenceTypeId, Reach>> = {
  mission_hq: { foot: 10, road: 100, air: 300 },
  sector_hq: { foot: 10, road: 80, air: 250 },
  operating_base: { foot: 10, road: 50, air: 0 },
  police_base: { foot: 5, road: 30, air: 0 },
  field_office: { foot: 5, road: 25, air: 0 },
  poc_site: { foot: 2, road: 0, air: 0 },
};

export interface AreaOfResponsibility {
  id: string;
  name: string;
  /** The unit (sector, battalion) that owns the area. */
  owningUnit: string;
  /** GeoJSON Polygon or MultiPolygon, WGS84. */
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

export interface Settlement {
  id: string;
  name: string;
  population: number;
  lon: number;
  lat: number;
}

export interface DisplacementSite {
  id: string;
  name: string;
  kind: 'idp_site' | 'poc_site' | 'refugee_camp';
  population: number;
  lon: number;
  lat: number;
}
