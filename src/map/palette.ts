/**
 * Colours and symbols for the map and its legend. Threat groups use the Okabe–Ito
 * palette (designed to stay distinct for the common colour-vision deficiencies; the
 * test simulates protan, deutan and tritan vision and checks every pair stays apart).
 */
import type { ThreatGroupId, MobilityModeId, PresenceTypeId } from '../domain/taxonomy.ts';

export type RGB = [number, number, number];

export const THREAT_GROUP_COLOURS: Record<ThreatGroupId, RGB> = {
  life: [213, 94, 0], // vermillion
  integrity: [204, 121, 167], // reddish purple
  freedom: [0, 114, 178], // blue
  property: [230, 159, 0], // orange
  explosive: [0, 0, 0], // black
  other: [100, 100, 100], // dark grey (a lighter grey collides with reddish purple for deutans)
};

export const RANGE_COLOURS: Record<MobilityModeId, RGB> = {
  foot: [0, 158, 115], // bluish green
  road: [0, 90, 160], // dark blue
  air: [120, 60, 160], // purple
};
/** Ranges also differ by line pattern, so they never rely on colour alone. */
export const RANGE_DASH: Record<MobilityModeId, [number, number]> = {
  foot: [0, 0], // solid
  road: [6, 3], // dashed
  air: [1, 3], // dotted
};

/** Presences are one colour, told apart by shape. */
export const PRESENCE_COLOUR: RGB = [20, 30, 60];
export const PRESENCE_SHAPES: Record<PresenceTypeId, PresenceShape> = {
  mission_hq: 'star',
  sector_hq: 'diamond',
  operating_base: 'square',
  police_base: 'triangle',
  field_office: 'circle',
  poc_site: 'cross',
};
export type PresenceShape = 'star' | 'diamond' | 'square' | 'triangle' | 'circle' | 'cross' | 'tent';
export const SITE_COLOUR: RGB = [86, 180, 233]; // sky blue
export const AOR_COLOUR: RGB = [70, 70, 70];

export function rgbCss([r, g, b]: RGB, a = 1): string {
  return a === 1 ? `rgb(${r},${g},${b})` : `rgba(${r},${g},${b},${a})`;
}
