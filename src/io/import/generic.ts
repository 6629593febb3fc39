/**
 * Generic incident tables (CSV/TSV from mission databases and field spreadsheets, and
 * GeoJSON point properties): owns the column mapping (user-given or guessed from
 * header names), the value synonyms that turn free labels into taxonomy codes, and the
 * row mapper. The app's own CSV is the special case where the mapping is the identity.
 *
 * Unknown category values become 'other' / 'unknown' WITH a warning, never silently.
 */
import type { Incident } from '../../domain/incidents.ts';
import type { DatePrecisionId, LocationPrecisionId, PerpetratorTypeId, SourceReliabilityId, SourceTypeId, ThreatTypeId } from '../../domain/taxonomy.ts';
import { DATE_PRECISIONS, LOCATION_PRECISIONS, PERPETRATOR_TYPES, SOURCE_RELIABILITY, SOURCE_TYPES, THREAT_TYPES } from '../../domain/taxonomy.ts';
import { INCIDENT_CSV_COLUMNS } from '../incidentsCsv.ts';
import type { Mapper } from './collector.ts';
import { blankIncident, readCount, readDate, readPoint } from './incidentRow.ts';
import type { BBox, ColumnMapping, MappedField, ValueMaps } from './types.ts';
import type { DateOrder } from './values.ts';
import { Reject, normKey } from './values.ts';

/** Header names recognised for each field, in priority order (compared after normKey). */
export const HEADER_SYNONYMS: Readonly<Record<MappedField, readonly string[]>> = {
  id: ['id', 'incident_id', 'event_id', 'event_id_cnty', 'uid', 'ref', 'reference', 'code', 'identifiant'],
  date: ['date', 'event_date', 'incident_date', 'date_of_incident', 'date_start', 'datetime', 'occurred', 'occurred_on', 'date_incident', 'jour'],
  lon: ['longitude', 'lon', 'lng', 'long', 'x', 'point_x', 'lon_dd', 'longitude_dd', 'coord_x', 'gps_longitude'],
  lat: ['latitude', 'lat', 'y', 'point_y', 'lat_dd', 'latitude_dd', 'coord_y', 'gps_latitude'],
  threatType: ['threat_type', 'threat', 'incident_type', 'type_of_incident', 'violation', 'violation_type', 'category', 'type', 'type_incident', 'event_type'],
  perpetrator: ['perpetrator', 'alleged_perpetrator', 'perpetrator_name', 'actor', 'actor1', 'armed_group', 'auteur', 'auteur_presume'],
  perpetratorType: ['perpetrator_type', 'actor_type', 'perpetrator_category', 'type_auteur'],
  fatalities: ['fatalities', 'civilians_killed', 'killed', 'deaths', 'dead', 'deaths_civilians', 'civilian_deaths', 'morts', 'tues'],
  injured: ['injured', 'wounded', 'civilians_injured', 'blesses'],
  datePrecision: ['date_precision'],
  locationPrecision: ['location_precision'],
  sourceType: ['source_type'],
  sourceReliability: ['source_reliability', 'reliability'],
  victimsWomen: ['victims_women', 'women'],
  victimsMen: ['victims_men', 'men'],
  victimsGirls: ['victims_girls', 'girls'],
  victimsBoys: ['victims_boys', 'boys'],
  victimsUnknown: ['victims_unknown'],
  description: ['description', 'notes', 'narrative', 'summary', 'details', 'comments', 'remarks', 'resume'],
};

export interface MappingGuess {
  mapping: Partial<ColumnMapping>;
  /** Required fields with no recognisable column. */
  missing: ('date' | 'lon' | 'lat')[];
}

/** Guess a column mapping from header names (the UI shows it for confirmation). */
export function guessMapping(headers: readonly string[]): MappingGuess {
  const norm = headers.map((h) => normKey(h));
  const used = new Set<number>();
  const mapping: Partial<ColumnMapping> = {};
  for (const field of Object.keys(HEADER_SYNONYMS) as MappedField[]) {
    for (const syn of HEADER_SYNONYMS[field]) {
      const i = norm.findIndex((h, k) => h === syn && !used.has(k));
      if (i >= 0) { mapping[field] = headers[i]!; used.add(i); break; }
    }
  }
  const missing = (['date', 'lon', 'lat'] as const).filter((f) => !mapping[f]);
  return { mapping, missing };
}

export function isAppCsvHeader(header: readonly string[]): boolean {
  return INCIDENT_CSV_COLUMNS.every((c) => header.includes(c));
}

/** The app's own CSV columns as a mapping (the app CSV is read by the generic mapper). */
export const APP_CSV_MAPPING: ColumnMapping = {
  id: 'id', date: 'date', lon: 'longitude', lat: 'latitude', threatType: 'threat_type', perpetrator: 'perpetrator',
  perpetratorType: 'perpetrator_type', fatalities: 'fatalities', injured: 'injured', datePrecision: 'date_precision',
  locationPrecision: 'location_precision', sourceType: 'source_type', sourceReliability: 'source_reliability',
  victimsWomen: 'victims_women', victimsMen: 'victims_men', victimsGirls: 'victims_girls', victimsBoys: 'victims_boys',
  victimsUnknown: 'victims_unknown', description: 'description',
};

/** Free labels → threat type (matched after normKey; the taxonomy's own ids and labels match too). */
export const THREAT_SYNONYMS: Readonly<Record<string, ThreatTypeId>> = {
  killed: 'killing', murder: 'killing', homicide: 'killing', death: 'killing', meurtre: 'killing', assassinat: 'killing', killings: 'killing',
  execution: 'summary_execution', extrajudicial_execution: 'summary_execution', execution_sommaire: 'summary_execution',
  massacre: 'massacre', mass_killing: 'massacre',
  injury: 'assault', injured: 'assault', beating: 'assault', physical_assault: 'assault', attack: 'assault', coups_et_blessures: 'assault',
  torture: 'torture', ill_treatment: 'torture', cruel_treatment: 'torture',
  abduction: 'abduction', kidnapping: 'abduction', kidnap: 'abduction', enlevement: 'abduction', hostage_taking: 'abduction',
  rape: 'crsv', sexual_violence: 'crsv', gbv: 'crsv', sgbv: 'crsv', viol: 'crsv', violences_sexuelles: 'crsv', sexual_assault: 'crsv',
  recruitment: 'child_recruitment', child_soldiers: 'child_recruitment', recruitment_of_children: 'child_recruitment', recrutement_d_enfants: 'child_recruitment',
  displacement: 'forced_displacement', forced_displacement: 'forced_displacement', deplacement_force: 'forced_displacement',
  detention: 'arbitrary_detention', arrest: 'arbitrary_detention', illegal_detention: 'arbitrary_detention', detention_arbitraire: 'arbitrary_detention',
  disappearance: 'enforced_disappearance', disparition_forcee: 'enforced_disappearance',
  forced_labor: 'forced_labour', forced_labour: 'forced_labour', travail_force: 'forced_labour',
  roadblock: 'movement_restriction', checkpoint: 'movement_restriction', movement_restrictions: 'movement_restriction',
  threat: 'intimidation', threats: 'intimidation', intimidation: 'intimidation', menaces: 'intimidation',
  looting: 'looting', theft: 'looting', robbery: 'looting', pillage: 'looting', pillaging: 'looting', vol: 'looting',
  extortion: 'extortion', illegal_taxation: 'extortion', racket: 'extortion', taxation_illegale: 'extortion',
  arson: 'destruction_of_homes', house_burning: 'destruction_of_homes', burning_of_houses: 'destruction_of_homes', incendie: 'destruction_of_homes',
  denial_of_food: 'deprivation', starvation: 'deprivation', deprivation: 'deprivation',
  ied: 'explosive_ordnance', mine: 'explosive_ordnance', landmine: 'explosive_ordnance', uxo: 'explosive_ordnance', erw: 'explosive_ordnance', explosive: 'explosive_ordnance', engin_explosif: 'explosive_ordnance',
  other: 'other', autre: 'other',
};

export const PERPETRATOR_SYNONYMS: Readonly<Record<string, PerpetratorTypeId>> = {
  state: 'state_forces', government: 'state_forces', army: 'state_forces', military: 'state_forces', police: 'state_forces',
  gendarmerie: 'state_forces', security_forces: 'state_forces', fardc: 'state_forces', faca: 'state_forces', famas: 'state_forces',
  sspdf: 'state_forces', saf: 'state_forces', forces_de_defense_et_de_securite: 'state_forces',
  armed_group: 'armed_group', rebel: 'armed_group', rebels: 'armed_group', rebel_group: 'armed_group', militia: 'armed_group', groupe_arme: 'armed_group', nsag: 'armed_group',
  extremist: 'extremist_group', jihadist: 'extremist_group', terrorist: 'extremist_group', violent_extremist_group: 'extremist_group',
  self_defence: 'self_defence_group', self_defense: 'self_defence_group', vigilante: 'self_defence_group', community_militia: 'self_defence_group', auto_defense: 'self_defence_group',
  communal: 'communal', community: 'communal', intercommunal: 'communal',
  criminal: 'criminal', bandits: 'criminal', bandit: 'criminal', gang: 'criminal', criminals: 'criminal', coupeurs_de_route: 'criminal',
  un: 'mission_or_partner', mission: 'mission_or_partner', peacekeepers: 'mission_or_partner', peacekeeper: 'mission_or_partner', casques_bleus: 'mission_or_partner',
  unknown: 'unknown', unidentified: 'unknown', inconnu: 'unknown', unknown_armed_men: 'unknown',
};

function codeLookup<T extends string>(table: readonly { id: string; label: string }[], synonyms: Readonly<Record<string, T>>, user: Record<string, string> | undefined): (raw: string) => T | undefined {
  const m = new Map<string, T>();
  for (const [k, v] of Object.entries(synonyms)) m.set(normKey(k), v);
  for (const t of table) { m.set(normKey(t.id), t.id as T); m.set(normKey(t.label), t.id as T); }
  const ids = new Set(table.map((t) => t.id));
  if (user) for (const [k, v] of Object.entries(user)) if (ids.has(v)) m.set(normKey(k), v as T);
  return (raw) => m.get(normKey(raw));
}

function enumLookup<T extends string>(table: readonly { id: string; label: string }[]): (raw: string) => T | undefined {
  return codeLookup<T>(table, {}, undefined);
}

export interface GenericOptions {
  mapping: ColumnMapping;
  valueMaps?: ValueMaps;
  dateOrder: DateOrder;
  decimalComma: boolean;
  expectedBbox?: BBox;
  today: string;
}

const VICTIM_FIELDS = [
  ['victimsWomen', 'women'], ['victimsMen', 'men'], ['victimsGirls', 'girls'], ['victimsBoys', 'boys'], ['victimsUnknown', 'unknown'],
] as const;

export function genericMapper(o: GenericOptions): Mapper<Incident> {
  const m = o.mapping;
  const threat = codeLookup<ThreatTypeId>(THREAT_TYPES, THREAT_SYNONYMS, o.valueMaps?.threatType);
  const perpType = codeLookup<PerpetratorTypeId>(PERPETRATOR_TYPES, PERPETRATOR_SYNONYMS, o.valueMaps?.perpetratorType);
  const datePrec = enumLookup<DatePrecisionId>(DATE_PRECISIONS);
  const locPrec = enumLookup<LocationPrecisionId>(LOCATION_PRECISIONS);
  const srcType = enumLookup<SourceTypeId>(SOURCE_TYPES);
  const rel = (s: string): SourceReliabilityId | undefined => SOURCE_RELIABILITY.find((r) => r.id === s.trim().toUpperCase())?.id;
  return (row, ctx) => {
    const inc = blankIncident();
    inc.id = m.id ? row.get(m.id).trim() : `line-${row.line}`;
    if (m.id && !inc.id) return new Reject(m.id, '', 'missing id');
    const p = readPoint(row, ctx, m.lon, m.lat, { decimalComma: o.decimalComma, expectedBbox: o.expectedBbox });
    if (p instanceof Reject) return p;
    inc.lon = p.lon; inc.lat = p.lat;
    const d = readDate(row, ctx, m.date, o.dateOrder, o.today);
    if (d instanceof Reject) return d;
    inc.date = d.iso;
    if (d.precision) inc.datePrecision = d.precision;

    if (m.fatalities) { const v = readCount(row, m.fatalities, o.decimalComma); if (v instanceof Reject) return v; inc.fatalities = v; }
    if (m.injured) { const v = readCount(row, m.injured, o.decimalComma); if (v instanceof Reject) return v; inc.injured = v; }
    let anyVictimColumn = false;
    for (const [field, key] of VICTIM_FIELDS) {
      const col = m[field];
      if (!col) continue;
      anyVictimColumn = true;
      const v = readCount(row, col, o.decimalComma);
      if (v instanceof Reject) return v;
      inc.victims[key] = v;
    }
    // Without a sex/age breakdown the victims are "unknown", never dropped.
    if (!anyVictimColumn) inc.victims.unknown = inc.fatalities + inc.injured;

    if (m.threatType) {
      const raw = row.get(m.threatType);
      const t = threat(raw);
      if (t) inc.threatType = t;
      else {
        inc.threatType = 'other';
        ctx.warn(m.threatType, raw, raw.trim() === '' ? "no threat type: imported as 'other'" : "unknown threat type: imported as 'other'");
      }
    }
    if (m.perpetrator) inc.perpetrator = row.get(m.perpetrator).trim();
    if (m.perpetratorType) {
      const raw = row.get(m.perpetratorType);
      const t = perpType(raw);
      if (t) inc.perpetratorType = t;
      else if (raw.trim() !== '') ctx.warn(m.perpetratorType, raw, 'unknown perpetrator type: set to unknown');
    }
    const enumField = <T extends string>(col: string | undefined, look: (s: string) => T | undefined, set: (v: T) => void, what: string, dflt: string): void => {
      if (!col) return;
      const raw = row.get(col);
      if (raw.trim() === '') return;
      const v = look(raw);
      if (v) set(v); else ctx.warn(col, raw, `unknown ${what}: set to ${dflt}`);
    };
    enumField(m.datePrecision, datePrec, (v) => { inc.datePrecision = v; }, 'date precision', inc.datePrecision);
    enumField(m.locationPrecision, locPrec, (v) => { inc.locationPrecision = v; }, 'location precision', 'exact');
    enumField(m.sourceType, srcType, (v) => { inc.sourceType = v; }, 'source type', 'unknown');
    enumField(m.sourceReliability, rel, (v) => { inc.sourceReliability = v; }, 'source reliability', 'F');
    if (m.description) inc.description = row.get(m.description);
    return inc;
  };
}
