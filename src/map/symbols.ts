/**
 * Draws the presence and displacement-site symbols (one shape per presence type) on a
 * canvas at run time: an icon atlas for deck.gl's IconLayer, and small SVG paths for
 * the legend, so nothing is fetched and legend and map match.
 */
import type { PresenceShape } from './palette.ts';

export const SHAPES: PresenceShape[] = ['star', 'diamond', 'square', 'triangle', 'circle', 'cross', 'tent'];
const CELL = 64;

/** SVG path of each shape in a 0..24 box (used by the legend and by the atlas). */
export function shapePath(shape: PresenceShape): string {
  switch (shape) {
    case 'star': {
      const pts: string[] = [];
      for (let i = 0; i < 10; i++) {
        const r = i % 2 ? 4.8 : 11;
        const a = (Math.PI / 5) * i - Math.PI / 2;
        pts.push(`${(12 + r * Math.cos(a)).toFixed(2)},${(12.8 + r * Math.sin(a)).toFixed(2)}`);
      }
      return `M${pts.join('L')}Z`;
    }
    case 'diamond': return 'M12,1L23,12L12,23L1,12Z';
    case 'square': return 'M3,3H21V21H3Z';
    case 'triangle': return 'M12,2L23,21H1Z';
    case 'circle': return 'M12,2A10,10 0 1,1 11.99,2Z';
    case 'cross': return 'M8,2H16V8H22V16H16V22H8V16H2V8H8Z';
    case 'tent': return 'M12,3L23,21H15L12,14L9,21H1Z';
  }
}

export interface IconAtlas {
  /** PNG data URL: deck.gl loads it without any network request. */
  atlas: string;
  mapping: Record<string, { x: number; y: number; width: number; height: number; mask: boolean }>;
}

/** White-outlined masks: deck.gl tints them with getColor. */
export function buildIconAtlas(): IconAtlas {
  const atlas = document.createElement('canvas');
  atlas.width = CELL * SHAPES.length;
  atlas.height = CELL;
  const ctx = atlas.getContext('2d');
  if (!ctx) throw new Error('2D canvas unavailable');
  const mapping: IconAtlas['mapping'] = {};
  SHAPES.forEach((shape, i) => {
    ctx.save();
    ctx.translate(i * CELL + 8, 8);
    ctx.scale(2, 2);
    const p = new Path2D(shapePath(shape));
    ctx.fillStyle = '#fff';
    ctx.fill(p);
    ctx.restore();
    mapping[shape] = { x: i * CELL, y: 0, width: CELL, height: CELL, mask: true };
  });
  return { atlas: atlas.toDataURL('image/png'), mapping };
}
