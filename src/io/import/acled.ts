/**
 * ACLED → POC incidents: owns the ACLED mapping tables (event/sub-event type → threat
 * type, inter codes → perpetrator type, geo/time precision) and the row mapper for the
 * three layouts (current 31 columns, legacy 29 columns, HDX export with its HXL row).
 *
 * Scope decision (documented in docs/import-mapping.md): ACLED codes all political
 * violence and demonstrations; the POC map wants threats to civilians. Each
 * (event_type, sub_event_type) pair therefore has one disposition:
 *   - a threat type (acts against civilians);
 *   - 'context': armed violence not coded as aimed at civilians (battles…) → accepted
 *     as 'other' with a warning, its fatalities NOT counted as civilian deaths;
 *   - 'exclude': not violence (peaceful protests, agreements…) → rejected with the reason
 *     "outside POC scope", or kept as 'other' with acledOutOfScope: 'other'.
 * Civilian targeting: the current layout's `civilian_targeting` column, or civilians
 * (inter code 7) as the second actor, in either layout.
 */
import type { Incident } from '../../domain/incidents.ts';
import type { DatePrecisionId, LocationPrecisionId, PerpetratorTypeId, ThreatTypeId } from '../../domain/taxonomy.ts';
import type { Mapper } from './collector.ts';
import { blankIncident, readCount, readDate, readPoint } from './incidentRow.ts';
import type { ImportFormat, ImportOptions } from './types.ts';
import { Reject } from './values.ts';

export type AcledDisposition = ThreatTypeId | 'killing_or_assault' | 'looting_or_destruction' | 'context' | 'exclude';

export interface AcledRule {
  eventType: string;
  subEventType: string;
  map: AcledDisposition;
  /** Only map as above when civilians were targeted; otherwise the event is context. */
  onlyIfCivilianTargeting?: boolean;
  /** Which actor committed the act against civilians. */
  perpetrator: 'actor1' | 'actor2';
  /** Whether ACLED's fatalities are counted as civilian deaths. */
  civilianDeaths: 'all' | 'if_civilian_targeting' | 'none';
  why: string;
}

const VAC = 'Violence against civilians', ERV = 'Explosions/Remote violence', SD = 'Strategic developments';
const remote = (sub: string): AcledRule => ({
  eventType: ERV, subEventType: sub, map: 'killing_or_assault', onlyIfCivilianTargeting: true, perpetrator: 'actor1',
  civilianDeaths: 'if_civilian_targeting', why: 'harm to civilians only when civilians were targeted; otherwise context',
});

/** The ACLED event taxonomy (codebook 2019–2024) and what each pair becomes. */
export const ACLED_EVENT_RULES: readonly AcledRule[] = [
  { eventType: VAC, subEventType: 'Sexual violence', map: 'crsv', perpetrator: 'actor1', civilianDeaths: 'all', why: 'conflict-related sexual violence' },
  { eventType: VAC, subEventType: 'Attack', map: 'killing_or_assault', perpetrator: 'actor1', civilianDeaths: 'all', why: 'killing if fatalities > 0, else assault' },
  { eventType: VAC, subEventType: 'Abduction/forced disappearance', map: 'abduction', perpetrator: 'actor1', civilianDeaths: 'all', why: 'abduction (ACLED does not separate enforced disappearance)' },
  { eventType: ERV, subEventType: 'Remote explosive/landmine/IED', map: 'explosive_ordnance', perpetrator: 'actor1', civilianDeaths: 'if_civilian_targeting', why: 'explosive ordnance whoever the target; deaths are civilian only if civilians were targeted' },
  remote('Shelling/artillery/missile attack'),
  remote('Air/drone strike'),
  remote('Suicide bomb'),
  remote('Grenade'),
  remote('Chemical weapon'),
  { eventType: 'Battles', subEventType: 'Armed clash', map: 'context', perpetrator: 'actor1', civilianDeaths: 'none', why: 'fighting between armed actors; civilian harm not coded' },
  { eventType: 'Battles', subEventType: 'Government regains territory', map: 'context', perpetrator: 'actor1', civilianDeaths: 'none', why: 'fighting between armed actors; civilian harm not coded' },
  { eventType: 'Battles', subEventType: 'Non-state actor overtakes territory', map: 'context', perpetrator: 'actor1', civilianDeaths: 'none', why: 'fighting between armed actors; civilian harm not coded' },
  { eventType: 'Protests', subEventType: 'Excessive force against protesters', map: 'killing_or_assault', perpetrator: 'actor2', civilianDeaths: 'all', why: 'protesters are civilians; the perpetrator is actor2 (actor1 is the protesters)' },
  { eventType: 'Protests', subEventType: 'Protest with intervention', map: 'exclude', perpetrator: 'actor1', civilianDeaths: 'none', why: 'demonstration, no violence against civilians coded' },
  { eventType: 'Protests', subEventType: 'Peaceful protest', map: 'exclude', perpetrator: 'actor1', civilianDeaths: 'none', why: 'peaceful demonstration' },
  { eventType: 'Riots', subEventType: 'Mob violence', map: 'killing_or_assault', perpetrator: 'actor1', civilianDeaths: 'all', why: 'mob attacks on people (lynching, beatings)' },
  { eventType: 'Riots', subEventType: 'Violent demonstration', map: 'context', perpetrator: 'actor1', civilianDeaths: 'none', why: 'violence mostly against property or forces' },
  { eventType: SD, subEventType: 'Looting/property destruction', map: 'looting_or_destruction', perpetrator: 'actor1', civilianDeaths: 'all', why: 'destruction of homes when the notes say property destruction of houses/huts/villages, else looting' },
  { eventType: SD, subEventType: 'Arrests', map: 'arbitrary_detention', perpetrator: 'actor1', civilianDeaths: 'all', why: 'ACLED codes politically significant arrests; review whether arbitrary' },
  { eventType: SD, subEventType: 'Disrupted weapons use', map: 'context', perpetrator: 'actor1', civilianDeaths: 'none', why: 'pre-empted attacks, seized or defused weapons' },
  { eventType: SD, subEventType: 'Other', map: 'context', perpetrator: 'actor1', civilianDeaths: 'none', why: 'unspecified strategic development' },
  { eventType: SD, subEventType: 'Agreement', map: 'exclude', perpetrator: 'actor1', civilianDeaths: 'none', why: 'not an act of violence' },
  { eventType: SD, subEventType: 'Change to group/activity', map: 'exclude', perpetrator: 'actor1', civilianDeaths: 'none', why: 'not an act of violence' },
  { eventType: SD, subEventType: 'Headquarters or base established', map: 'exclude', perpetrator: 'actor1', civilianDeaths: 'none', why: 'not an act of violence' },
  { eventType: SD, subEventType: 'Non-violent transfer of territory', map: 'exclude', perpetrator: 'actor1', civilianDeaths: 'none', why: 'not an act of violence' },
];

const RULES = new Map(ACLED_EVENT_RULES.map((r) => [`${r.eventType.toLowerCase()}|${r.subEventType.toLowerCase()}`, r]));

export interface AcledInterRow {
  code: number;
  name: string;
  perpetratorType: PerpetratorTypeId;
  why: string;
}

/** ACLED inter1/inter2 actor types: numeric codes (legacy and 2022 exports) or names (2024+ exports). */
export const ACLED_INTER_TYPES: readonly AcledInterRow[] = [
  { code: 1, name: 'State forces', perpetratorType: 'state_forces', why: 'military, police and other state agents' },
  { code: 2, name: 'Rebel groups', perpetratorType: 'armed_group', why: 'organised armed opposition' },
  { code: 3, name: 'Political militias', perpetratorType: 'armed_group', why: 'armed groups with a political aim (includes "unidentified armed group")' },
  { code: 4, name: 'Identity militias', perpetratorType: 'self_defence_group', why: 'communal, ethnic, clan militias' },
  { code: 5, name: 'Rioters', perpetratorType: 'communal', why: 'violent crowds' },
  { code: 6, name: 'Protesters', perpetratorType: 'communal', why: 'crowds (only a perpetrator if coded as actor committing violence)' },
  { code: 7, name: 'Civilians', perpetratorType: 'communal', why: 'civilians as perpetrators (e.g. lynching)' },
  { code: 8, name: 'External/Other forces', perpetratorType: 'unknown', why: 'foreign forces, UN missions, private military companies: typed by name (below), else unknown with a warning' },
];

/** Names in inter code 8 that can be typed: a UN mission is the mission; "Military/Police Forces of X" are (foreign) state forces. */
export const ACLED_EXTERNAL_NAME_RULES: readonly { pattern: RegExp; perpetratorType: PerpetratorTypeId; why: string }[] = [
  { pattern: /\b(United Nations|MINUSMA|MINUSCA|MONUSCO|MONUC|UNMISS|UNIFIL|UNISFA|UNAMID|UNMIL|UNOCI|MINURSO|UNFICYP|UNDOF)\b/i, perpetratorType: 'mission_or_partner', why: 'UN peacekeeping mission' },
  { pattern: /^(Military|Police) Forces of /i, perpetratorType: 'state_forces', why: 'foreign state forces' },
];

function interType(raw: string): AcledInterRow | undefined {
  const s = raw.trim();
  if (/^\d+$/.test(s)) return ACLED_INTER_TYPES.find((r) => r.code === Number(s));
  const k = s.toLowerCase().replace(/s$/, '');
  return ACLED_INTER_TYPES.find((r) => r.name.toLowerCase().replace(/s$/, '') === k
    || r.name.toLowerCase().replace(/ies$/, 'y') === s.toLowerCase());
}

export const ACLED_GEO_PRECISION: Readonly<Record<string, LocationPrecisionId>> = { 1: 'exact', 2: 'near', 3: 'admin2' };
export const ACLED_TIME_PRECISION: Readonly<Record<string, DatePrecisionId>> = { 1: 'day', 2: 'week', 3: 'month' };

const HOME_WORDS = /\b(house|houses|home|homes|hut|huts|dwelling|dwellings|shelter|shelters|village|villages|compound|compounds)\b/i;

/** Which ACLED layout a header is, or null if it is not ACLED. */
export function detectAcledLayout(header: readonly string[]): Extract<ImportFormat, `acled-${string}`> | null {
  const h = new Set(header.map((c) => c.trim().toLowerCase()));
  if (!(h.has('event_id_cnty') && h.has('event_type') && h.has('sub_event_type') && h.has('latitude') && h.has('longitude'))) return null;
  if (h.has('data_id') || h.has('iso3')) return 'acled-hdx';
  if (h.has('civilian_targeting') || h.has('disorder_type')) return 'acled-current';
  return 'acled-legacy';
}

export function acledMapper(opts: Required<Pick<ImportOptions, 'acledOutOfScope' | 'datasetReliability'>> & Pick<ImportOptions, 'expectedBbox'> & { today: string }): Mapper<Incident> {
  return (row, ctx) => {
    const inc = blankIncident();
    inc.id = row.get('event_id_cnty').trim();
    if (!inc.id) return new Reject('event_id_cnty', '', 'missing id');
    const p = readPoint(row, ctx, 'longitude', 'latitude', { expectedBbox: opts.expectedBbox });
    if (p instanceof Reject) return p;
    inc.lon = p.lon; inc.lat = p.lat;
    const d = readDate(row, ctx, 'event_date', 'dmy', opts.today);
    if (d instanceof Reject) return d;
    inc.date = d.iso;
    const fat = readCount(row, 'fatalities');
    if (fat instanceof Reject) return fat;

    const et = row.get('event_type').trim(), st = row.get('sub_event_type').trim();
    const rule = RULES.get(`${et.toLowerCase()}|${st.toLowerCase()}`);
    const civTarget = /civilian targeting/i.test(row.get('civilian_targeting'))
      || interType(row.get('inter2'))?.code === 7;
    let disposition: AcledDisposition;
    let countDeaths: boolean;
    let perpCol: 'actor1' | 'actor2' = 'actor1';
    if (!rule) {
      disposition = 'other';
      countDeaths = civTarget || et.toLowerCase() === VAC.toLowerCase();
      ctx.warn('sub_event_type', `${et} / ${st}`, "unknown ACLED event type: imported as 'other'");
    } else {
      perpCol = rule.perpetrator;
      disposition = rule.onlyIfCivilianTargeting && !civTarget ? 'context' : rule.map;
      countDeaths = rule.civilianDeaths === 'all' || (rule.civilianDeaths === 'if_civilian_targeting' && civTarget);
      if (disposition === 'exclude') {
        if (opts.acledOutOfScope === 'reject') {
          return new Reject('sub_event_type', `${et} / ${st}`, `outside POC scope (${rule.why}); import with out-of-scope = other to keep it`);
        }
        disposition = 'other';
        ctx.warn('sub_event_type', `${et} / ${st}`, `outside POC scope (${rule.why}): kept as 'other'`);
      }
    }
    const notes = row.get('notes');
    switch (disposition) {
      case 'killing_or_assault': inc.threatType = fat > 0 ? 'killing' : 'assault'; break;
      case 'looting_or_destruction':
        inc.threatType = /^\s*property destruction/i.test(notes) && HOME_WORDS.test(notes) ? 'destruction_of_homes' : 'looting';
        break;
      case 'context':
        inc.threatType = 'other';
        ctx.warn('sub_event_type', `${et} / ${st}`, "not coded as violence against civilians: imported as 'other' (context)");
        if (fat > 0) ctx.warn('fatalities', String(fat), 'fatalities of a context event are not counted as civilian deaths (kept in the description)');
        break;
      default: inc.threatType = disposition;
    }
    inc.fatalities = countDeaths ? fat : 0;
    inc.victims.unknown = inc.fatalities;

    const perp = row.get(perpCol).trim();
    const interCol = perpCol === 'actor1' ? 'inter1' : 'inter2';
    inc.perpetrator = perp;
    const it = interType(row.get(interCol));
    if (!it) {
      inc.perpetratorType = 'unknown';
      if (perp) ctx.warn(interCol, row.get(interCol), 'unknown ACLED actor type: perpetrator type set to unknown');
    } else if (it.code === 8) {
      const byName = ACLED_EXTERNAL_NAME_RULES.find((r) => r.pattern.test(perp));
      inc.perpetratorType = byName?.perpetratorType ?? 'unknown';
      if (!byName) ctx.warn(perpCol, perp, 'external/other force that is neither a UN mission nor state forces: perpetrator type unknown');
    } else inc.perpetratorType = it.perpetratorType;

    const gp = row.get('geo_precision').trim();
    const lp = ACLED_GEO_PRECISION[gp];
    if (!lp) ctx.warn('geo_precision', gp, 'unknown geo_precision: location precision set to admin2');
    inc.locationPrecision = lp ?? 'admin2';
    const tp = row.get('time_precision').trim();
    const dp = ACLED_TIME_PRECISION[tp];
    if (!dp) ctx.warn('time_precision', tp, 'unknown time_precision: date precision set to month');
    inc.datePrecision = dp ?? 'month';

    inc.sourceType = 'dataset';
    inc.sourceReliability = opts.datasetReliability;
    // Source names (column `source`) are deliberately not copied: the model has no field
    // for them and the description is exported.
    const place = [row.get('location'), row.get('admin2'), row.get('admin1')].filter((s) => s.trim()).join(', ');
    const uncounted = !countDeaths && fat > 0 ? ` ACLED fatalities (all parties, not counted as civilian): ${fat}.` : '';
    inc.description = `ACLED ${et} / ${st}${place ? ` at ${place}` : ''}.${uncounted}${notes ? ` ${notes}` : ''}`;
    return inc;
  };
}
