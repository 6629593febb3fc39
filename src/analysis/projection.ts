/**
 * Local map projection for gridded analyses (KDE, hotspots, Gi*, emerging hotspots).
 *
 * Owns the one projection the analysis engine uses: the spherical Lambert azimuthal
 * equal-area (LAEA) projection about the data centre, in kilometres, on the same mean
 * sphere as src/domain/geo.ts. Why equal-area: the grids' outputs are densities per km²
 * and areas in km², which LAEA preserves exactly (on the sphere) everywhere; distances
 * are distorted only slightly near the centre (scale factors 1/cos(c/2) radially and
 * cos(c/2) tangentially, where c is the angular distance to the centre: within 500 km
 * of the centre both stay within 0.08 % of 1, within 1,000 km within 0.31 %).
 *
 * Distance-critical analyses (within range, coverage) never use this projection: they
 * use exact great-circle distances (withinRange.ts). Degrees are never used as distances.
 */
import { EARTH_RADIUS_KM } from '../domain/geo.ts';

const RAD = Math.PI / 180;
const R = EARTH_RADIUS_KM;

/** A projection is plain data (structured-cloneable): the LAEA centre in degrees. */
export interface Laea {
  lon0: number;
  lat0: number;
}

export interface ProjectedPoints {
  /** Easting, km from the centre. */
  x: Float64Array;
  /** Northing, km from the centre. */
  y: Float64Array;
}

export interface LonLatPoints {
  lon: Float64Array;
  lat: Float64Array;
}

/**
 * The data centre: direction of the (weighted) mean of the points' unit vectors. Unlike a
 * mean of longitudes it is right across the antimeridian. NaN coordinates and
 * non-positive weights are skipped; an empty input gives (0, 0).
 */
export function dataCentre(lon: ArrayLike<number>, lat: ArrayLike<number>, weight?: ArrayLike<number>): Laea {
  let sx = 0, sy = 0, sz = 0;
  // The centre only has to be central (it sets where distortion is least), so for large
  // inputs a deterministic stride of ~65,536 points is used: saves ~40 ms per 1 M points.
  const step = Math.max(1, Math.floor(lon.length / 65536));
  for (let i = 0; i < lon.length; i += step) {
    const w = weight ? weight[i]! : 1;
    const lo = lon[i]! * RAD, la = lat[i]! * RAD;
    if (!(w > 0) || !Number.isFinite(lo) || !Number.isFinite(la)) continue;
    const c = Math.cos(la);
    sx += w * c * Math.cos(lo);
    sy += w * c * Math.sin(lo);
    sz += w * Math.sin(la);
  }
  const h = Math.hypot(sx, sy);
  if (h === 0 && sz === 0) return { lon0: 0, lat0: 0 };
  return { lon0: Math.atan2(sy, sx) / RAD, lat0: Math.atan2(sz, h) / RAD };
}

/** Forward LAEA of arrays (km). Points at the antipode of the centre map to NaN. */
export function projectLaea(p: Laea, lon: ArrayLike<number>, lat: ArrayLike<number>, out?: ProjectedPoints): ProjectedPoints {
  const n = lon.length;
  const x = out?.x ?? new Float64Array(n);
  const y = out?.y ?? new Float64Array(n);
  const sin0 = Math.sin(p.lat0 * RAD), cos0 = Math.cos(p.lat0 * RAD), l0 = p.lon0 * RAD;
  for (let i = 0; i < n; i++) {
    const phi = lat[i]! * RAD, dl = lon[i]! * RAD - l0;
    const sp = Math.sin(phi), cp = Math.cos(phi), cdl = Math.cos(dl);
    const denom = 1 + sin0 * sp + cos0 * cp * cdl;
    const k = denom > 0 ? R * Math.sqrt(2 / denom) : Number.NaN;
    x[i] = k * cp * Math.sin(dl);
    y[i] = k * (cos0 * sp - sin0 * cp * cdl);
  }
  return { x, y };
}

/** Forward LAEA of one point, km. */
export function projectPointLaea(p: Laea, lon: number, lat: number): [number, number] {
  const { x, y } = projectLaea(p, [lon], [lat]);
  return [x[0]!, y[0]!];
}

/** Inverse LAEA of arrays; longitudes normalised to [-180, 180). */
export function unprojectLaea(p: Laea, x: ArrayLike<number>, y: ArrayLike<number>, out?: LonLatPoints): LonLatPoints {
  const n = x.length;
  const lon = out?.lon ?? new Float64Array(n);
  const lat = out?.lat ?? new Float64Array(n);
  const sin0 = Math.sin(p.lat0 * RAD), cos0 = Math.cos(p.lat0 * RAD);
  for (let i = 0; i < n; i++) {
    const xi = x[i]!, yi = y[i]!;
    const rho = Math.hypot(xi, yi);
    if (rho === 0) {
      lon[i] = p.lon0;
      lat[i] = p.lat0;
      continue;
    }
    const c = 2 * Math.asin(Math.min(1, rho / (2 * R)));
    const sc = Math.sin(c), cc = Math.cos(c);
    lat[i] = Math.asin(Math.max(-1, Math.min(1, cc * sin0 + (yi * sc * cos0) / rho))) / RAD;
    const l = p.lon0 + Math.atan2(xi * sc, rho * cos0 * cc - yi * sin0 * sc) / RAD;
    lon[i] = ((((l + 180) % 360) + 360) % 360) - 180;
  }
  return { lon, lat };
}

/** Inverse LAEA of one point. */
export function unprojectPointLaea(p: Laea, x: number, y: number): [number, number] {
  const { lon, lat } = unprojectLaea(p, [x], [y]);
  return [lon[0]!, lat[0]!];
}
