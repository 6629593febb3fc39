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
