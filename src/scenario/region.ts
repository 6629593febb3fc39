/**
 * The exercise scenario's region: the Central African Republic – DR Congo – South Sudan
 * borderlands (Haut-Mbomou, Mbomou, Haut-Uele, Bas-Uele, Ituri, Western Equatoria), an area
 * with a long record of attacks on civilians, abductions and displacement.
 * The basemap build clips to BASEMAP_BBOX; the generator places incidents inside SCENARIO_BBOX.
 */
export type BBox = [west: number, south: number, east: number, north: number];

export const SCENARIO_BBOX: BBox = [21.5, 1.0, 31.5, 8.5];
/** Basemap extent: the scenario region with a margin, so panning a little never shows a void. */
export const BASEMAP_BBOX: BBox = [14.0, -4.0, 36.0, 13.0];
export const SCENARIO_CENTER: [number, number] = [26.5, 4.75];
export const SCENARIO_ZOOM = 5.6;

export function inBBox(lon: number, lat: number, b: BBox): boolean {
  return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
}
