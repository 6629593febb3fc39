/**
 * Growable columnar incident table: owns appending accepted incidents straight into
 * typed arrays while an import streams, so a 200k-row file does not keep 200k Incident
 * objects alive until the end (that retention, not parsing, dominated import time).
 * The result is identical to incidentTableFromObjects on the same incidents (tested),
 * and its columns are whole typed arrays (not views), so they stay transferable.
 */
import type { Incident, IncidentColumnName, IncidentColumns, IncidentTable } from '../../domain/incidents.ts';
import { INCIDENT_COLUMN_NAMES, emptyIncidentTable } from '../../domain/incidents.ts';
import { dayOfValidIso } from './values.ts';
import { DATE_PRECISIONS, LOCATION_PRECISIONS, PERPETRATOR_TYPES, SOURCE_RELIABILITY, SOURCE_TYPES, THREAT_TYPES } from '../../domain/taxonomy.ts';

const codes = (t: readonly { id: string }[]): Map<string, number> => new Map(t.map((x, i) => [x.id, i]));
const DP = codes(DATE_PRECISIONS), LP = codes(LOCATION_PRECISIONS), TT = codes(THREAT_TYPES), PT = codes(PERPETRATOR_TYPES);
const ST = codes(SOURCE_TYPES), SR = codes(SOURCE_RELIABILITY);

function code(m: Map<string, number>, id: string): number {
  const c = m.get(id);
  if (c === undefined) throw new Error(`unknown code "${id}"`);
  return c;
}

export class IncidentTableBuilder {
  private cap = 0;
  private cols: IncidentColumns;
  private readonly ids: string[] = [];
  private readonly descriptions: string[] = [];
  private readonly perpetrators: string[] = [];
  private readonly perpIndex = new Map<string, number>();
  length = 0;

  constructor(initial = 1024) {
    this.cols = emptyIncidentTable(initial);
    this.cap = initial;
  }

  private grow(): void {
    const next = emptyIncidentTable(this.cap * 2);
    for (const name of INCIDENT_COLUMN_NAMES) (next[name] as { set(a: ArrayLike<number>): void }).set(this.cols[name]);
    this.cols = next;
    this.cap *= 2;
  }

  push(r: Incident): void {
    if (this.length === this.cap) this.grow();
    const i = this.length++;
    const c = this.cols;
    this.ids.push(r.id);
    this.descriptions.push(r.description);
    c.lon[i] = r.lon;
    c.lat[i] = r.lat;
    // Mappers only produce dates that parseDate validated, so the fast arithmetic path is safe.
    c.day[i] = dayOfValidIso(r.date);
    c.datePrecision[i] = code(DP, r.datePrecision);
    c.locationPrecision[i] = code(LP, r.locationPrecision);
    c.threatType[i] = code(TT, r.threatType);
    c.perpetratorType[i] = code(PT, r.perpetratorType);
    let p = this.perpIndex.get(r.perpetrator);
    if (p === undefined) {
      p = this.perpetrators.length;
      if (p > 0xffff) throw new Error('more than 65,536 distinct perpetrator names');
      this.perpetrators.push(r.perpetrator);
      this.perpIndex.set(r.perpetrator, p);
    }
    c.perpetrator[i] = p;
    c.fatalities[i] = r.fatalities;
    c.injured[i] = r.injured;
    c.victimsWomen[i] = r.victims.women;
    c.victimsMen[i] = r.victims.men;
    c.victimsGirls[i] = r.victims.girls;
    c.victimsBoys[i] = r.victims.boys;
    c.victimsUnknown[i] = r.victims.unknown;
    c.sourceType[i] = code(ST, r.sourceType);
    c.sourceReliability[i] = code(SR, r.sourceReliability);
  }

  /** The finished table; columns are trimmed copies (whole buffers, transferable). */
  finish(): IncidentTable {
    const out = {} as Record<IncidentColumnName, unknown>;
    for (const name of INCIDENT_COLUMN_NAMES) out[name] = this.cols[name].slice(0, this.length);
    return {
      ...(out as unknown as IncidentColumns),
      length: this.length,
      ids: this.ids,
      descriptions: this.descriptions,
      strings: { perpetrators: this.perpetrators },
    };
  }
}
