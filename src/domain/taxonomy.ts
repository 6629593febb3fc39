/**
 * POC taxonomy: threat types grouped by what is threatened, perpetrator types,
 * presence types, mobility modes and the information-grading scales.
 *
 * Owns the *codes* stored in columnar incident tables (a threat type is stored as its
 * index in THREAT_TYPES, etc.). Codes are append-only: never reorder, or stored
 * workspaces and exported files would change meaning.
 */

export const THREAT_GROUPS = [
  { id: 'life', label: 'Life' },
  { id: 'integrity', label: 'Physical integrity' },
  { id: 'freedom', label: 'Freedom' },
  { id: 'property', label: 'Property and subsistence' },
  { id: 'explosive', label: 'Explosive ordnance' },
  { id: 'other', label: 'Other / unclassified' },
] as const;
export type ThreatGroupId = (typeof THREAT_GROUPS)[number]['id'];

export interface ThreatTypeDef {
  id: string;
  label: string;
  group: ThreatGroupId;
}

export const THREAT_TYPES = [
  { id: 'killing', label: 'Killing', group: 'life' },
  { id: 'summary_execution', label: 'Summary execution', group: 'life' },
  { id: 'massacre', label: 'Massacre', group: 'life' },
  { id: 'assault', label: 'Assault / injury', group: 'integrity' },
  { id: 'torture', label: 'Torture / ill-treatment', group: 'integrity' },
  { id: 'abduction', label: 'Abduction', group: 'integrity' },
  { id: 'crsv', label: 'Conflict-related sexual violence', group: 'integrity' },
  { id: 'child_recruitment', label: 'Recruitment and use of children', group: 'integrity' },
  { id: 'forced_displacement', label: 'Forced displacement', group: 'freedom' },
  { id: 'arbitrary_detention', label: 'Arbitrary detention', group: 'freedom' },
  { id: 'enforced_disappearance', label: 'Enforced disappearance', group: 'freedom' },
  { id: 'forced_labour', label: 'Forced labour', group: 'freedom' },
  { id: 'movement_restriction', label: 'Movement restriction', group: 'freedom' },
  { id: 'intimidation', label: 'Intimidation / threats', group: 'freedom' },
  { id: 'looting', label: 'Looting', group: 'property' },
  { id: 'extortion', label: 'Extortion / illegal taxation', group: 'property' },
  { id: 'destruction_of_homes', label: 'Destruction of homes', group: 'property' },
  { id: 'deprivation', label: 'Deprivation of food or water', group: 'property' },
  { id: 'explosive_ordnance', label: 'Explosive ordnance (mine, ERW, IED)', group: 'explosive' },
  { id: 'other', label: 'Other', group: 'other' },
] as const satisfies readonly ThreatTypeDef[];
export type ThreatTypeId = (typeof THREAT_TYPES)[number]['id'];

export const THREAT_TYPE_CODE: Readonly<Record<ThreatTypeId, number>> = Object.fromEntries(
  THREAT_TYPES.map((t, i) => [t.id, i]),
) as Record<ThreatTypeId, number>;

/** Group index (into THREAT_GROUPS) for each threat-type code. */
export const THREAT_GROUP_OF_TYPE: Uint8Array = Uint8Array.from(
  THREAT_TYPES.map((t) => THREAT_GROUPS.findIndex((g) => g.id === t.group)),
);

/** Types the do-no-harm export rules treat as sensitive (locations may be generalised). */
export const SENSITIVE_THREAT_TYPES: readonly ThreatTypeId[] = ['crsv', 'child_recruitment'];

export const PERPETRATOR_TYPES = [
  { id: 'armed_group', label: 'Non-state armed group' },
  { id: 'extremist_group', label: 'Violent extremist group' },
  { id: 'self_defence_group', label: 'Self-defence / community militia' },
  { id: 'state_forces', label: 'State security forces and agents' },
  { id: 'communal', label: 'Communal violence' },
  { id: 'criminal', label: 'Criminal group' },
  { id: 'mission_or_partner', label: 'Mission or partnered forces' },
  { id: 'unknown', label: 'Unknown' },
] as const;
export type PerpetratorTypeId = (typeof PERPETRATOR_TYPES)[number]['id'];
export const PERPETRATOR_TYPE_CODE: Readonly<Record<PerpetratorTypeId, number>> = Object.fromEntries(
  PERPETRATOR_TYPES.map((t, i) => [t.id, i]),
) as Record<PerpetratorTypeId, number>;

/** How precisely the date is known (ACLED time_precision / GED date_prec, simplified). */
export const DATE_PRECISIONS = [
  { id: 'day', label: 'Exact day' },
  { id: 'week', label: 'Within a week' },
  { id: 'month', label: 'Within a month' },
  { id: 'year', label: 'Within a year' },
] as const;
export type DatePrecisionId = (typeof DATE_PRECISIONS)[number]['id'];

/** How precisely the location is known (ACLED geo_precision / GED where_prec, simplified). */
export const LOCATION_PRECISIONS = [
  { id: 'exact', label: 'Exact location' },
  { id: 'near', label: 'Within ~25 km of a named place' },
  { id: 'admin2', label: 'District (admin 2) centroid' },
  { id: 'admin1', label: 'Province (admin 1) centroid' },
  { id: 'country', label: 'Country level' },
] as const;
export type LocationPrecisionId = (typeof LOCATION_PRECISIONS)[number]['id'];

export const SOURCE_TYPES = [
  { id: 'mission_patrol', label: 'Mission patrol / direct observation' },
  { id: 'community_alert', label: 'Community alert network' },
  { id: 'humanitarian', label: 'Humanitarian partner' },
  { id: 'local_authority', label: 'Local authority' },
  { id: 'media', label: 'Media' },
  { id: 'civil_society', label: 'Civil society / NGO' },
  { id: 'dataset', label: 'Published event dataset' },
  { id: 'unknown', label: 'Unknown' },
] as const;
export type SourceTypeId = (typeof SOURCE_TYPES)[number]['id'];

/** Source reliability, NATO admiralty scale A–F. */
export const SOURCE_RELIABILITY = [
  { id: 'A', label: 'A — Completely reliable' },
  { id: 'B', label: 'B — Usually reliable' },
  { id: 'C', label: 'C — Fairly reliable' },
  { id: 'D', label: 'D — Not usually reliable' },
  { id: 'E', label: 'E — Unreliable' },
  { id: 'F', label: 'F — Reliability cannot be judged' },
] as const;
export type SourceReliabilityId = (typeof SOURCE_RELIABILITY)[number]['id'];

export const PRESENCE_TYPES = [
  { id: 'mission_hq', label: 'Mission HQ' },
  { id: 'sector_hq', label: 'Sector HQ' },
  { id: 'operating_base', label: 'Company / temporary operating base' },
  { id: 'police_base', label: 'Formed police unit base' },
  { id: 'field_office', label: 'Field office' },
  { id: 'poc_site', label: 'POC site' },
] as const;
export type PresenceTypeId = (typeof PRESENCE_TYPES)[number]['id'];

export const PRESENCE_COMPONENTS = ['military', 'police', 'civilian'] as const;
export type PresenceComponent = (typeof PRESENCE_COMPONENTS)[number];

export const MOBILITY_MODES = [
  { id: 'foot', label: 'Foot' },
  { id: 'road', label: 'Road' },
  { id: 'air', label: 'Air' },
] as const;
export type MobilityModeId = (typeof MOBILITY_MODES)[number]['id'];

export function codeOf<T extends { id: string }>(table: readonly T[], id: string): number {
  const i = table.findIndex((t) => t.id === id);
  if (i < 0) throw new Error(`unknown code "${id}"`);
  return i;
}
