/**
 * The grid-to-map geometry of the analysis layers: rasters must colour exactly the pixels
 * whose centre falls in the right cell of the (rotated, non-lon/lat) LAEA grid, outlines
 * must follow cell edges, and the colour ramps must keep their documented order.
 */
import { describe, expect, it } from 'vitest';
import type { GridSpec } from '../analysis/grid.ts';
import { cellIndexOfLonLat } from '../analysis/grid.ts';
import { unprojectLaea } from '../analysis/projection.ts';
import {
  densityColour, densityRasterJob, EMERGING_COLOURS, giStarColour, gridBounds, maskRasterJob, outlineSegments, runRaster,
  type GridRaster,
} from './analysisLayers.ts';

// Far from the equator and wide, so a grid cell is visibly rotated against the meridians
// at the grid's east and west edges: a lon/lat-rectangle shortcut would fail these tests.
const GRID: GridSpec = { projection: { lon0: 100, lat0: 55 }, x0: -900, y0: -600, cellKm: 30, nx: 60, ny: 40 };

/** Lon/lat of a pixel centre, from the raster's own contract (linear lon, linear Mercator y). */
function pixelLonLat(r: GridRaster, u: number, v: number): [number, number] {
  const [w, s, e, n] = r.bounds;
  const merc = (lat: number): number => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  const y = merc(n) - ((v + 0.5) * (merc(n) - merc(s))) / r.height;
  return [w + ((u + 0.5) * (e - w)) / r.width, (Math.atan(Math.sinh(y)) * 180) / Math.PI];
}

describe('analysis rasters', () => {
  it('bounds hold every grid node', () => {
    const [w, s, e, n] = gridBounds(GRID);
    const xs: number[] = [], ys: number[] = [];
    for (let j = 0; j <= GRID.ny; j++) for (let i = 0; i <= GRID.nx; i++) { xs.push(GRID.x0 + i * GRID.cellKm); ys.push(GRID.y0 + j * GRID.cellKm); }
    const { lon, lat } = unprojectLaea(GRID.projection, xs, ys);
    for (let k = 0; k < lon.length; k++) {
      expect(lon[k]).toBeGreaterThanOrEqual(w);
      expect(lon[k]).toBeLessThanOrEqual(e);
      expect(lat[k]).toBeGreaterThanOrEqual(s);
      expect(lat[k]).toBeLessThanOrEqual(n);
    }
  });

  it('a mask raster colours exactly the pixels whose centre lies in a masked cell', () => {
    const cells = new Uint8Array(GRID.nx * GRID.ny);
    // A checkerboard of 3×3-cell blocks plus the whole east and west columns (the most rotated).
    for (let j = 0; j < GRID.ny; j++) for (let i = 0; i < GRID.nx; i++) cells[j * GRID.nx + i] = (Math.floor(i / 3) + Math.floor(j / 3)) % 2 === 0 || i === 0 || i === GRID.nx - 1 ? 1 : 0;
    const r = runRaster(maskRasterJob(GRID, cells, [1, 2, 3, 200]));
    const lons: number[] = [], lats: number[] = [];
    for (let v = 0; v < r.height; v++) for (let u = 0; u < r.width; u++) { const [lo, la] = pixelLonLat(r, u, v); lons.push(lo); lats.push(la); }
    const cellOf = cellIndexOfLonLat(GRID, lons, lats);
    let wrong = 0, coloured = 0;
    for (let p = 0; p < cellOf.length; p++) {
      const want = cellOf[p]! >= 0 && cells[cellOf[p]!] === 1;
      const got = r.data[p * 4 + 3] === 200;
      if (got) coloured++;
      if (want !== got) wrong++;
    }
    expect(coloured).toBeGreaterThan(1000);
    // Same formula, evaluated in a different order: only pixels within rounding of an edge may differ.
    expect(wrong).toBeLessThanOrEqual(Math.ceil(cellOf.length * 1e-4));
  });

  it('the density raster peaks where the density peaks, and is transparent far from it', () => {
    const density = new Float64Array(GRID.nx * GRID.ny);
    const pi = 52, pj = 7; // near the south-east corner
    for (let j = 0; j < GRID.ny; j++) for (let i = 0; i < GRID.nx; i++) density[j * GRID.nx + i] = 10 * Math.exp(-((i - pi) ** 2 + (j - pj) ** 2) / 4);
    const r = runRaster(densityRasterJob(GRID, density));
    expect(r.peak).toBeCloseTo(10, 9);
    // The most opaque pixel lies in (or next to) the peak cell.
    let best = -1, bestA = -1;
    for (let p = 0; p < r.width * r.height; p++) if (r.data[p * 4 + 3]! > bestA) { bestA = r.data[p * 4 + 3]!; best = p; }
    const [lo, la] = pixelLonLat(r, best % r.width, Math.floor(best / r.width));
    const k = cellIndexOfLonLat(GRID, [lo], [la])[0]!;
    expect(Math.abs((k % GRID.nx) - pi)).toBeLessThanOrEqual(1);
    expect(Math.abs(Math.floor(k / GRID.nx) - pj)).toBeLessThanOrEqual(1);
    // The opposite corner (density e^-600) is below the floor: transparent.
    const far = cellIndexOfLonLat(GRID, [pixelLonLat(r, 0, 0)[0]], [pixelLonLat(r, 0, 0)[1]])[0]!;
    expect(far === -1 || density[far]! < 0.02 * r.peak).toBe(true);
    expect(r.data[3]).toBe(0);
  });
});

describe('outlines', () => {
  it('follow the edges of the included cells', () => {
    const one = outlineSegments(GRID, (k) => k === 5 * GRID.nx + 5);
    expect(one).toHaveLength(4);
    const block = outlineSegments(GRID, (k) => { const i = k % GRID.nx, j = Math.floor(k / GRID.nx); return i >= 5 && i <= 6 && j >= 5 && j <= 6; });
    expect(block).toHaveLength(8);
    // End points are the inverse-projected cell corners.
    const { lon, lat } = unprojectLaea(GRID.projection, [GRID.x0 + 5 * GRID.cellKm], [GRID.y0 + 5 * GRID.cellKm]);
    expect(one.some((s) => Math.abs(s.from[0] - lon[0]!) < 1e-12 && Math.abs(s.from[1] - lat[0]!) < 1e-12)).toBe(true);
    // An edge cell is closed by the grid edge.
    expect(outlineSegments(GRID, (k) => k === 0)).toHaveLength(4);
  });
});

describe('colours', () => {
  it('the density ramp darkens monotonically (lightness falls as density rises)', () => {
    const lum = (t: number): number => { const [r, g, b] = densityColour(t); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    for (let t = 0.05; t <= 1; t += 0.05) expect(lum(t)).toBeLessThan(lum(t - 0.05));
  });
  it('Gi* bins: hot is red, cold is blue, more confident is darker', () => {
    const [r3, , b3] = giStarColour(3), [r1] = giStarColour(1), [rc, , bc] = giStarColour(-3);
    expect(r3).toBeGreaterThan(b3);
    expect(bc).toBeGreaterThan(rc);
    const sum = (c: number[]): number => c[0]! + c[1]! + c[2]!;
    expect(sum(giStarColour(3))).toBeLessThan(sum(giStarColour(2)));
    expect(sum(giStarColour(2))).toBeLessThan(sum(giStarColour(1)));
    expect(r1).toBeGreaterThan(200);
  });
  it('emerging classes all have distinct colours', () => {
    const seen = new Set(Object.values(EMERGING_COLOURS).map((c) => c.join(',')));
    expect(seen.size).toBe(Object.keys(EMERGING_COLOURS).length);
  });
});
