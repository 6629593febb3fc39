/**
 * Square analysis grids in the local equal-area projection (projection.ts).
 *
 * Owns the grid convention every gridded output uses (KDE densities, hotspot labels,
 * Gi* z-scores, emerging-hotspot classes, coverage gaps):
 *   - cell (i, j), i = column (east), j = row (NORTH-up: j grows northward);
 *   - flat index k = j * nx + i (row-major), arrays have length nx * ny;
 *   - cell (i, j) covers x in [x0 + i·cellKm, x0 + (i+1)·cellKm), y likewise from y0,
 *     in projected km; its centre is (x0 + (i+½)·cellKm, y0 + (j+½)·cellKm);
 *   - every cell has area cellKm² on the sphere (the projection is equal-area).
 * A GridSpec is plain data, so it crosses the worker boundary by structured clone.
 */
import type { Laea, LonLatPoints } from './projection.ts';
import { projectLaea, unprojectLaea } from './projection.ts';

export interface GridSpec {
  projection: Laea;
  /** West and south edges of the grid, projected km. */
  x0: number;
  y0: number;
  cellKm: number;
  nx: number;
  ny: number;
}

export interface GridAroundOptions {
  /** Cell size in km. Default: the extent's longer side (with padding) / maxCells. */
  cellKm?: number;
  /** Cap on cells along the longer side when cellKm is not given (default 512). */
  maxCells?: number;
  /** Margin added on every side of the points' extent, km. */
  padKm?: number;
}

/** A grid covering projected points (NaN points ignored) with a margin. */
export function gridAround(projection: Laea, x: ArrayLike<number>, y: ArrayLike<number>, opts: GridAroundOptions = {}): GridSpec {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!, yi = y[i]!;
    if (!Number.isFinite(xi) || !Number.isFinite(yi)) continue;
    if (xi < minX) minX = xi;
    if (xi > maxX) maxX = xi;
    if (yi < minY) minY = yi;
    if (yi > maxY) maxY = yi;
  }
  if (minX > maxX) { minX = maxX = 0; minY = maxY = 0; }
  const pad = Math.max(0, opts.padKm ?? 0);
  minX -= pad; minY -= pad; maxX += pad; maxY += pad;
  const maxCells = Math.max(1, Math.floor(opts.maxCells ?? 512));
  const span = Math.max(maxX - minX, maxY - minY, 1e-6);
  const cellKm = opts.cellKm && opts.cellKm > 0 ? opts.cellKm : span / maxCells;
  // Centre the grid on the extent so the margin is symmetric.
  const nx = Math.max(1, Math.ceil((maxX - minX) / cellKm - 1e-9));
  const ny = Math.max(1, Math.ceil((maxY - minY) / cellKm - 1e-9));
  const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
  return { projection: { ...projection }, x0: cx - (nx * cellKm) / 2, y0: cy - (ny * cellKm) / 2, cellKm, nx, ny };
}

/** Flat cell index of each lon/lat point, −1 when outside the grid or not finite. */
export function cellIndexOfLonLat(grid: GridSpec, lon: ArrayLike<number>, lat: ArrayLike<number>): Int32Array {
  const { x, y } = projectLaea(grid.projection, lon, lat);
  return cellIndexOfXY(grid, x, y);
}

/** Flat cell index of each projected point, −1 when outside the grid or not finite. */
export function cellIndexOfXY(grid: GridSpec, x: ArrayLike<number>, y: ArrayLike<number>): Int32Array {
  const out = new Int32Array(x.length);
  const inv = 1 / grid.cellKm;
  for (let k = 0; k < x.length; k++) {
    const u = (x[k]! - grid.x0) * inv, v = (y[k]! - grid.y0) * inv;
    // `!(u >= 0)` also rejects NaN.
    if (!(u >= 0) || !(v >= 0) || u >= grid.nx || v >= grid.ny) { out[k] = -1; continue; }
    out[k] = Math.floor(v) * grid.nx + Math.floor(u);
  }
  return out;
}

/** Lon/lat of every cell centre (length nx·ny, flat index order). */
export function cellCentresLonLat(grid: GridSpec): LonLatPoints {
  const n = grid.nx * grid.ny;
  const x = new Float64Array(n), y = new Float64Array(n);
  for (let j = 0; j < grid.ny; j++) {
    for (let i = 0; i < grid.nx; i++) {
      x[j * grid.nx + i] = grid.x0 + (i + 0.5) * grid.cellKm;
      y[j * grid.nx + i] = grid.y0 + (j + 0.5) * grid.cellKm;
    }
  }
  return unprojectLaea(grid.projection, x, y);
}

/**
 * Lon/lat of every cell corner, (nx+1)·(ny+1) nodes, node (i, j) at index j·(nx+1) + i:
 * cell (i, j) is the quadrilateral of nodes (i, j), (i+1, j), (i+1, j+1), (i, j+1).
 * For drawing cells as polygons (the cells are not lon/lat rectangles).
 */
export function cellCornersLonLat(grid: GridSpec): LonLatPoints {
  const w = grid.nx + 1, h = grid.ny + 1;
  const x = new Float64Array(w * h), y = new Float64Array(w * h);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      x[j * w + i] = grid.x0 + i * grid.cellKm;
      y[j * w + i] = grid.y0 + j * grid.cellKm;
    }
  }
  return unprojectLaea(grid.projection, x, y);
}
