/**
 * UCDP GED → POC incidents: owns the GED mapping tables (type_of_violence, date_prec,
 * where_prec), the row mapper (CSV in the official column order, or GeoJSON features
 * with the same properties), and perpetrator typing from a UCDP actor list.
 *
 * Perpetrator typing never guesses silently: side_a "Government of X" is state forces;
 * any other actor is typed only from an actor list the user supplies (the app does not
 * ship UCDP's list), otherwise 'unknown' with a warning per record.
 */
import type { Incident } from '../../domain/incidents.ts';
import type { DatePrecisionId, LocationPrecisionId, PerpetratorTypeId } from '../../domain/taxonomy.ts';
import type { Mapper } from './collector.ts';
import { CsvTokenizer, sniffDelimiter } from './csv.ts';
import { blankIncident, readCount, readDate, readPoint } from './incidentRow.ts';
import type { ActorTypeTable, ImportOptions } from './types.ts';
import { Reject } from './values.ts';

export interface GedViolenceRow {
  code: string;
  name: string;
  mapping: string;
}
export const GED_VIOLENCE_TYPES: readonly GedViolenceRow[] = [
  { code: '1', name: 'state-based', mapping: "killing if deaths_civilians > 0 (warning: GED does not say which side killed them; side_a recorded), else 'other' (context) with a warning" },
  { code: '2', name: 'non-state', mapping: 'as state-based' },
  { code: '3', name: 'one-sided (against civilians)', mapping: 'killing, perpetrator side_a, fatalities = deaths_civilians (warning when that is 0)' },
];

export const GED_DATE_PREC: Readonly<Record<string, DatePrecisionId>> = { 1: 'day', 2: 'week', 3: 'week', 4: 'month', 5: 'year' };
export const GED_DATE_PREC_NOTES: Readonly<Record<string, string>> = {
  1: 'exact date', 2: 'range of 2–6 days', 3: 'only the week is known', 4: 'range of 8–30 days or only the month', 5: 'range over a month, or only the year',
};
export const GED_WHERE_PREC: Readonly<Record<string, LocationPrecisionId>> = { 1: 'exact', 2: 'near', 3: 'admin2', 4: 'admin1', 5: 'admin1', 6: 'country', 7: 'country' };
export const GED_WHERE_PREC_NOTES: Readonly<Record<string, string>> = {
  1: 'exact location', 2: 'within ~25 km of a known point', 3: 'second-order admin unit', 4: 'first-order admin unit',
  5: 'part of a country larger than admin 1, or a linear feature', 6: 'country', 7: 'international waters or airspace',
};

/** UCDP actor list `Org` codes → perpetrator type (codebook: 1 formally organised group, 2 party supporters, 3 identity group, 4 government). */
export const UCDP_ORG_TYPES: Readonly<Record<string, { type: PerpetratorTypeId; name: string }>> = {
  1: { type: 'armed_group', name: 'formally organised armed group' },
  2: { type: 'communal', name: 'informally organised: supporters of a party or leader' },
  3: { type: 'communal', name: 'informally organised: ethnic, religious or clan group' },
  4: { type: 'state_forces', name: 'government' },
};

const GOVERNMENT = /^Government of /i;

export function isGedHeader(header: readonly string[]): boolean {
  const h = new Set(header.map((c) => c.trim().toLowerCase()));
  return h.has('type_of_violence') && h.has('side_a') && h.has('date_start') && (h.has('where_prec') || h.has('deaths_civilians'));
}

/**
 * Read a UCDP actor list CSV (ActorId, NameData, Org …) into a name/id → type table.
 * Both the numeric ActorId (joins GED side_a_new_id) and NameData are keys.
 */
export function parseUcdpActorList(text: string): ActorTypeTable {
  const out = new Map<string, PerpetratorTypeId>();
  let header: string[] | null = null;
  const t = new CsvTokenizer({
    delimiter: sniffDelimiter(text.slice(0, 65536)),
    onRecord: (r) => {
      if (!header) { header = r.fields.map((f) => f.trim()); return; }
      const get = (name: string): string => r.fields[header!.indexOf(name)] ?? '';
      const org = UCDP_ORG_TYPES[get('Org').trim()];
      if (!org) return;
      const id = get('ActorId').trim(), name = get('NameData').trim();
      if (id) out.set(id, org.type);
      if (name) out.set(name, org.type);
    },
  });
  t.push(text);
  t.end();
  if (!header || !(header as string[]).includes('Org')) throw new Error('not a UCDP actor list (no Org column)');
  return out;
}

function typeActor(name: string, id: string, actors: ActorTypeTable | undefined): PerpetratorTypeId | null {
  if (GOVERNMENT.test(name)) return 'state_forces';
  if (!actors) return null;
  return actors.get(id) ?? actors.get(name) ?? null;
}

export function gedMapper(opts: Pick<ImportOptions, 'expectedBbox' | 'actorTypes'> & Required<Pick<ImportOptions, 'datasetReliability'>> & { today: string }): Mapper<Incident> {
  return (row, ctx) => {
    const inc = blankIncident();
    inc.id = row.get('id').trim();
    if (!inc.id) return new Reject('id', '', 'missing id');
    const p = readPoint(row, ctx, 'longitude', 'latitude', { expectedBbox: opts.expectedBbox });
    if (p instanceof Reject) return p;
    inc.lon = p.lon; inc.lat = p.lat;
    const d = readDate(row, ctx, 'date_start', 'dmy', opts.today);
    if (d instanceof Reject) return d;
    inc.date = d.iso;
    const civ = readCount(row, 'deaths_civilians');
    if (civ instanceof Reject) return civ;
    const best = readCount(row, 'best');
    if (best instanceof Reject) return best;
    const tov = row.get('type_of_violence').trim();
    const sideA = row.get('side_a').trim(), sideB = row.get('side_b').trim();

    if (tov === '3') {
      inc.threatType = 'killing';
      if (civ === 0) ctx.warn('deaths_civilians', `0 (best ${best}, high ${row.get('high')})`, 'one-sided violence with no civilian deaths in the best estimate: killing with 0 fatalities');
    } else if (tov === '1' || tov === '2') {
      if (civ > 0) {
        inc.threatType = 'killing';
        ctx.warn('side_a', sideA, `civilians killed in ${tov === '1' ? 'state-based' : 'non-state'} fighting: GED does not say which side killed them; side_a recorded as perpetrator, side_b in the description`);
      } else {
        inc.threatType = 'other';
        ctx.warn('type_of_violence', tov, `${tov === '1' ? 'state-based' : 'non-state'} fighting with no civilian deaths: imported as 'other' (context)`);
      }
    } else {
      inc.threatType = 'other';
      ctx.warn('type_of_violence', tov, "unknown type_of_violence: imported as 'other'");
    }
    inc.fatalities = civ;
    inc.victims.unknown = civ;

    inc.perpetrator = sideA;
    const pt = typeActor(sideA, row.get('side_a_new_id').trim(), opts.actorTypes);
    inc.perpetratorType = pt ?? 'unknown';
    if (!pt && sideA) {
      ctx.warn('side_a', sideA, opts.actorTypes ? 'actor not in the actor list: perpetrator type unknown' : 'perpetrator type unknown (no actor list supplied)');
    }

    const dp = row.get('date_prec').trim();
    inc.datePrecision = GED_DATE_PREC[dp] ?? 'year';
    if (!GED_DATE_PREC[dp]) ctx.warn('date_prec', dp, 'unknown date_prec: date precision set to year');
    const wp = row.get('where_prec').trim();
    inc.locationPrecision = GED_WHERE_PREC[wp] ?? 'country';
    if (!GED_WHERE_PREC[wp]) ctx.warn('where_prec', wp, 'unknown where_prec: location precision set to country');

    inc.sourceType = 'dataset';
    inc.sourceReliability = opts.datasetReliability;
    // source_article / source_office / source_original name sources: never copied.
    const where = row.get('where_description').trim();
    const vs = tov === '3' ? '' : ` vs ${sideB}`;
    inc.description = `UCDP GED ${GED_VIOLENCE_TYPES.find((t) => t.code === tov)?.name ?? 'event'}: ${sideA}${vs}. `
      + `Deaths best ${best} (low ${row.get('low')}, high ${row.get('high')}), civilians ${civ}.${where ? ` ${where}.` : ''}`;
    return inc;
  };
}
