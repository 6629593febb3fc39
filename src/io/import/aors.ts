/**
 * Areas of responsibility from GeoJSON polygons (unit AORs drawn by planners, or admin
 * boundaries such as GADM used as AORs): owns id/name/unit property choice and polygon
 * validation. Holes and MultiPolygons are kept as they are: an AOR with an enclave
 * excluded must stay excluded.
 */
import type { AreaOfResponsibility } from '../../domain/presence.ts';
import type { Mapper } from './collector.ts';
import { Reject } from './values.ts';

/** Property names tried in order (GADM 3.6 uses GID_n; GADM 4.0 shapefile exports ID_n with the same value). */
export const AOR_ID_PROPS = ['id', 'aor_id', 'GID_3', 'ID_3', 'GID_2', 'ID_2', 'GID_1', 'ID_1', 'GID_0', 'ID_0'] as const;
export const AOR_NAME_PROPS = ['name', 'aor_name', 'NAME_3', 'NAME_2', 'NAME_1', 'COUNTRY', 'NAME_0'] as const;
export const AOR_UNIT_PROPS = ['owning_unit', 'owningUnit', 'unit', 'sector', 'battalion'] as const;

function firstProp(get: (k: string) => string, keys: readonly string[]): string {
  for (const k of keys) { const v = get(k).trim(); if (v) return v; }
  return '';
}

type Ring = GeoJSON.Position[];

/** Check one ring: ≥ 4 positions, numeric in range; an unclosed ring is closed (with a warning). */
function checkRing(ring: unknown, where: string, warn: (msg: string) => void): Ring | Reject {
  if (!Array.isArray(ring)) return new Reject('geometry', where, 'ring is not an array of positions');
  for (const pos of ring) {
    if (!Array.isArray(pos) || typeof pos[0] !== 'number' || typeof pos[1] !== 'number' || !Number.isFinite(pos[0]) || !Number.isFinite(pos[1])) {
      return new Reject('geometry', where, 'ring has a position that is not [lon, lat] numbers');
    }
    if (pos[0] < -180 || pos[0] > 180 || pos[1] < -90 || pos[1] > 90) {
      return new Reject('geometry', `${where}: ${pos[0]},${pos[1]}`, 'coordinate outside lon -180..180 / lat -90..90 (projected coordinates? GeoJSON must be WGS84)');
    }
  }
  const r = ring as Ring;
  const a = r[0], b = r[r.length - 1];
  let out = r;
  if (a && b && (a[0] !== b[0] || a[1] !== b[1])) {
    out = [...r, [a[0]!, a[1]!]];
    warn(`${where}: ring was not closed; closed by repeating its first position`);
  }
  if (out.length < 4) return new Reject('geometry', where, 'ring has fewer than 4 positions');
  return out;
}

function checkPolygon(poly: unknown, where: string, warn: (msg: string) => void): Ring[] | Reject {
  if (!Array.isArray(poly) || poly.length === 0) return new Reject('geometry', where, 'polygon has no rings');
  const out: Ring[] = [];
  for (let k = 0; k < poly.length; k++) {
    const r = checkRing(poly[k], `${where} ring ${k}`, warn);
    if (r instanceof Reject) return r;
    out.push(r);
  }
  return out;
}

export const aorMapper: Mapper<AreaOfResponsibility> = (row, ctx) => {
  const g = row.geometry;
  if (!g) return new Reject('geometry', 'null', 'feature has no geometry');
  const warn = (msg: string): void => ctx.warn('geometry', g.type, msg);
  let geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
  if (g.type === 'Polygon') {
    const p = checkPolygon(g.coordinates, 'polygon', warn);
    if (p instanceof Reject) return p;
    geometry = { type: 'Polygon', coordinates: p };
  } else if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return new Reject('geometry', 'MultiPolygon', 'MultiPolygon has no polygons');
    const polys: Ring[][] = [];
    for (let k = 0; k < g.coordinates.length; k++) {
      const p = checkPolygon(g.coordinates[k], `polygon ${k}`, warn);
      if (p instanceof Reject) return p;
      polys.push(p);
    }
    geometry = { type: 'MultiPolygon', coordinates: polys };
  } else {
    return new Reject('geometry', g.type, 'an area of responsibility must be a Polygon or MultiPolygon');
  }
  const id = firstProp((k) => row.get(k), AOR_ID_PROPS);
  const name = firstProp((k) => row.get(k), AOR_NAME_PROPS);
  return { id, name: name || id, owningUnit: firstProp((k) => row.get(k), AOR_UNIT_PROPS), geometry };
};
