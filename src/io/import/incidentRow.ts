/**
 * Small helpers every incident mapper uses to build an Incident from a source row:
 * defaults for fields a format does not have, and the shared point/date/count readers
 * wired to the record context (so rejections and warnings read the same everywhere).
 */
import type { Incident } from '../../domain/incidents.ts';
import type { RecordContext, SourceRow } from './collector.ts';
import type { DateOrder, ParsedDate, PointOptions } from './values.ts';
import { Reject, checkPoint, parseCount, parseDate } from './values.ts';

export function blankIncident(): Incident {
  return {
    id: '', date: '', datePrecision: 'day', lon: 0, lat: 0, locationPrecision: 'exact', threatType: 'other',
    perpetrator: '', perpetratorType: 'unknown', fatalities: 0, injured: 0,
    victims: { women: 0, men: 0, girls: 0, boys: 0, unknown: 0 },
    sourceType: 'unknown', sourceReliability: 'F', description: '',
  };
}

/** Point from lon/lat columns, or from a GeoJSON Point geometry when the row has one. */
export function readPoint(row: SourceRow, ctx: RecordContext, lonField: string, latField: string, opts: PointOptions): { lon: number; lat: number } | Reject {
  if (row.geometry !== undefined) {
    const g = row.geometry;
    if (!g) return new Reject('geometry', 'null', 'feature has no geometry');
    if (g.type !== 'Point') return new Reject('geometry', g.type, 'geometry is not a Point');
    const c = g.coordinates;
    if (!Array.isArray(c) || c.length < 2) return new Reject('geometry', JSON.stringify(c), 'Point has no coordinates');
    const lon = typeof c[0] === 'number' ? c[0] : null;
    const lat = typeof c[1] === 'number' ? c[1] : null;
    return checkPoint(lon, lat, { lonField: 'longitude', latField: 'latitude' }, opts, ctx.warn);
  }
  return checkPoint(row.get(lonField), row.get(latField), { lonField, latField }, opts, ctx.warn);
}

export function readDate(row: SourceRow, ctx: RecordContext, field: string, order: DateOrder, today: string): ParsedDate | Reject {
  const d = parseDate(row.get(field), field, order);
  if (!(d instanceof Reject) && d.iso > today) ctx.warn(field, row.get(field), 'date is in the future');
  return d;
}

export function readCount(row: SourceRow, field: string, decimalComma = false): number | Reject {
  const raw = row.raw ? row.raw(field) : undefined;
  return parseCount(typeof raw === 'number' ? raw : row.get(field), field, decimalComma);
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
