/**
 * deck.gl layers that draw analysis results (density, hotspots, Gi*, emerging hotspots,
 * coverage gaps), their colours, and the grid-to-map geometry they need. MapView draws
 * whatever `useAnalysisLayers()` returns, under the incidents.
 *
 * The analysis grids live in the engine's local equal-area projection (LAEA about the
 * data centre, src/analysis/projection.ts): their cells are squares in km, NOT lon/lat
 * rectangles, and away from the central meridian they are rotated against the meridians.
 * So nothing here pretends a grid is a lon/lat raster:
 *   - rasters (density, gaps) are RESAMPLED into an image whose columns are linear in
 *     longitude and rows linear in Web Mercator y, which is exactly how deck.gl's
 *     BitmapLayer maps a texture over rectangular lon/lat bounds. Every pixel centre is
 *     projected forward into the grid (exact LAEA, per-row and per-column trigonometry
 *     precomputed, so a 1024² image costs a few ms), and the density is interpolated
 *     bilinearly between cell centres; gaps take the cell the pixel falls in;
 *   - per-cell statistics (Gi*, emerging classes: a few thousand cells at most) are drawn
 *     as polygons whose corners are inverse-projected grid nodes;
 *   - outlines (hotspots, gap areas) are the cell edges between an included and an
 *     excluded cell, with inverse-projected end points.
 * Everything derived from a result is cached by the result object, so a layer switch or
 * a camera move never recomputes it.
 */
import { useEffect, useMemo, useState } from 'react';
import { BitmapLayer, LineLayer, ScatterplotLayer, SolidPolygonLayer, TextLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import { interpolateMagma, rgb } from 'd3';
import type { GridSpec } from '../analysis/grid.ts';
import { unprojectLaea } from '../analysis/projection.ts';
import { EMERGING_PATTERNS, NOT_ANALYSED, type EmergingPatternId } from '../analysis/emerging.ts';
import { EARTH_RADIUS_KM } from '../domain/geo.ts';
import { actions } from '../state/store.ts';
import { useAnalysis, type AnalysisLayerId, type AnalysisResults } from '../state/analysis.ts';
import type { RGB } from './palette.ts';

type RGBA = [number, number, number, number];
const RAD = Math.PI / 180;

// ---------------------------------------------------------------------------------------
// Colours (the panel's legends read the same constants).

/**
 * Density ramp: magma reversed (pale yellow → deep purple), perceptually uniform and
 * readable with every common colour-vision deficiency. The darkest 8 % of magma is left
 * out so the highest density never reads as a black hole over the basemap.
 */
export function densityColour(t: number): RGB {
  const c = rgb(interpolateMagma(0.98 - 0.9 * Math.min(1, Math.max(0, t))));
  return [Math.round(c.r), Math.round(c.g), Math.round(c.b)];
}
/** Opacity of the density layer from the lowest drawn value to the peak (the basemap stays readable). */
export const DENSITY_ALPHA: readonly [number, number] = [0.35, 0.8];
/** Cells below this share of the peak are not drawn (a Gaussian is never exactly 0). */
export const DENSITY_FLOOR = 0.02;
/**
 * Colour stretch: position on the ramp = √(density / peak). A square-root stretch shows the
 * structure of moderate densities that a linear ramp would leave pale; the legend labels
 * real values, so the stretch never changes what a colour means.
 */
export function densityPosition(value: number, peak: number): number {
  return peak > 0 ? Math.sqrt(Math.max(0, value) / peak) : 0;
}

/** Gi* confidence bins −3..3 (ArcGIS Gi_Bin convention: blues cold, reds hot, darker = more confident). */
export const GISTAR_BINS: readonly { bin: number; label: string; colour: RGB }[] = [
  { bin: -3, label: 'Cold spot, 99 % confidence', colour: [69, 117, 181] },
  { bin: -2, label: 'Cold spot, 95 % confidence', colour: [132, 158, 186] },
  { bin: -1, label: 'Cold spot, 90 % confidence', colour: [192, 204, 190] },
  { bin: 0, label: 'Not significant (not drawn)', colour: [240, 240, 236] },
  { bin: 1, label: 'Hot spot, 90 % confidence', colour: [250, 185, 132] },
  { bin: 2, label: 'Hot spot, 95 % confidence', colour: [237, 117, 81] },
  { bin: 3, label: 'Hot spot, 99 % confidence', colour: [214, 47, 39] },
];
export function giStarColour(bin: number): RGB {
  return GISTAR_BINS[Math.max(-3, Math.min(3, bin)) + 3]!.colour;
}

/**
 * Emerging-hotspot classes: warm hues for the hot family, cool hues for the cold family,
 * and within each family different hue AND lightness, so neighbouring classes stay apart.
 */
export const EMERGING_COLOURS: Record<EmergingPatternId, RGB> = {
  no_pattern: [170, 170, 170],
  new_hot: [206, 18, 136],
  consecutive_hot: [236, 112, 20],
  intensifying_hot: [127, 0, 0],
  persistent_hot: [215, 48, 39],
  diminishing_hot: [244, 165, 130],
  sporadic_hot: [254, 217, 118],
  oscillating_hot: [153, 112, 171],
  historical_hot: [140, 81, 10],
  new_cold: [0, 109, 44],
  consecutive_cold: [65, 174, 118],
  intensifying_cold: [8, 48, 107],
  persistent_cold: [33, 102, 172],
  diminishing_cold: [158, 202, 225],
  sporadic_cold: [153, 216, 201],
  oscillating_cold: [106, 81, 163],
  historical_cold: [115, 115, 150],
};
/** Code of "no pattern detected" (not drawn). */
export const NO_PATTERN = EMERGING_PATTERNS.findIndex((p) => p.id === 'no_pattern');

/** Coverage gaps: high-density cells that no presence reaches. Cyan stands apart from the magma ramp under it. */
export const GAP_FILL: RGBA = [0, 190, 230, 120];
export const GAP_LINE: RGB = [0, 80, 140];
export const HOTSPOT_LINE: RGB = [20, 20, 20];

/** `rgb()` of a colour for CSS (legends). */
export function css([r, g, b]: RGB, a = 1): string {
  return a === 1 ? `rgb(${r},${g},${b})` : `rgba(${r},${g},${b},${a})`;
}

// ---------------------------------------------------------------------------------------
// Grid geometry.

/** Lon/lat of grid node (i, j) (the corner at x0 + i·cell, y0 + j·cell), memoised per grid. */
export function nodeLonLat(grid: GridSpec): (i: number, j: number) => [number, number] {
  const cache = new Map<number, [number, number]>();
  const w = grid.nx + 1;
  const x = [0], y = [0];
  return (i, j) => {
    const key = j * w + i;
    let p = cache.get(key);
    if (!p) {
      x[0] = grid.x0 + i * grid.cellKm;
      y[0] = grid.y0 + j * grid.cellKm;
      const ll = unprojectLaea(grid.projection, x, y);
      p = [ll.lon[0]!, ll.lat[0]!];
      cache.set(key, p);
    }
    return p;
  };
}

/** The four corners of cell (i, j), counter-clockwise from south-west, in lon/lat. */
export function cellPolygon(node: (i: number, j: number) => [number, number], i: number, j: number): [number, number][] {
  return [node(i, j), node(i + 1, j), node(i + 1, j + 1), node(i, j + 1)];
}

/** Lon/lat bounds [west, south, east, north] of a grid, from its whole perimeter (the edges are curved in lon/lat). */
export function gridBounds(grid: GridSpec): [number, number, number, number] {
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i <= grid.nx; i++) { xs.push(grid.x0 + i * grid.cellKm, grid.x0 + i * grid.cellKm); ys.push(grid.y0, grid.y0 + grid.ny * grid.cellKm); }
  for (let j = 0; j <= grid.ny; j++) { xs.push(grid.x0, grid.x0 + grid.nx * grid.cellKm); ys.push(grid.y0 + j * grid.cellKm, grid.y0 + j * grid.cellKm); }
  const { lon, lat } = unprojectLaea(grid.projection, xs, ys);
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (let k = 0; k < lon.length; k++) {
    w = Math.min(w, lon[k]!); e = Math.max(e, lon[k]!);
    s = Math.min(s, lat[k]!); n = Math.max(n, lat[k]!);
  }
  // Edges bulge between nodes by far less than a cell; one cell of margin covers it.
  const mLat = grid.cellKm / (EARTH_RADIUS_KM * RAD);
  const mLon = mLat / Math.max(0.05, Math.cos(Math.max(Math.abs(s), Math.abs(n)) * RAD));
  return [w - mLon, Math.max(-85, s - mLat), e + mLon, Math.min(85, n + mLat)];
}

export interface GridRaster {
  /** RGBA, row 0 = north. */
  data: Uint8ClampedArray;
  width: number;
  height: number;
  /** [west, south, east, north]: columns linear in longitude, rows linear in Web Mercator y. */
  bounds: [number, number, number, number];
}

const mercY = (lat: number): number => Math.log(Math.tan(Math.PI / 4 + (lat * RAD) / 2));

/** Image size and the per-column / per-row terms of the forward LAEA, shared by every raster of a grid. */
interface RasterPlan {
  grid: GridSpec;
  bounds: [number, number, number, number];
  width: number;
  height: number;
  /** sin and cos of (longitude − lon0) per column; sin and cos of latitude per row. */
  sdl: Float64Array; cdl: Float64Array; sp: Float64Array; cp: Float64Array;
  sin0: number; cos0: number;
}

/** One pixel per cell (capped at maxSide): the GPU's linear filtering smooths between pixels. */
function planRaster(grid: GridSpec, maxSide = 1024): RasterPlan {
  const bounds = gridBounds(grid);
  const [w, s, e, n] = bounds;
  // Pixels are square in Web Mercator (x = longitude in radians, y = mercY), as the map draws them.
  const yS = mercY(s), yN = mercY(n);
  const aspect = (yN - yS) / Math.max(1e-9, (e - w) * RAD);
  const widthKm = (e - w) * RAD * EARTH_RADIUS_KM * Math.cos(((s + n) / 2) * RAD);
  let width = widthKm / grid.cellKm, height = width * aspect;
  const shrink = Math.min(1, maxSide / Math.max(width, height));
  width = Math.max(2, Math.round(width * shrink));
  height = Math.max(2, Math.round(height * shrink));
  const { lon0, lat0 } = grid.projection;
  const sdl = new Float64Array(width), cdl = new Float64Array(width), sp = new Float64Array(height), cp = new Float64Array(height);
  for (let u = 0; u < width; u++) {
    const dl = (w + ((u + 0.5) * (e - w)) / width - lon0) * RAD;
    sdl[u] = Math.sin(dl);
    cdl[u] = Math.cos(dl);
  }
  for (let v = 0; v < height; v++) {
    const phi = Math.atan(Math.sinh(yN - ((v + 0.5) * (yN - yS)) / height));
    sp[v] = Math.sin(phi);
    cp[v] = Math.cos(phi);
  }
  return { grid, bounds, width, height, sdl, cdl, sp, cp, sin0: Math.sin(lat0 * RAD), cos0: Math.cos(lat0 * RAD) };
}

/**
 * Pixel centres of row v in fractional cell units (gx = (x − x0)/cell: cell i spans
 * [i, i+1)), by the forward spherical LAEA of projection.ts with the row and column terms
 * hoisted. NaN where the point is the antipode of the centre.
 */
function rowInCells(plan: RasterPlan, v: number, gx: Float64Array, gy: Float64Array): void {
  const { grid, sdl, cdl, sin0, cos0 } = plan;
  const sp = plan.sp[v]!, cp = plan.cp[v]!;
  const inv = 1 / grid.cellKm;
  for (let u = 0; u < plan.width; u++) {
    const denom = 1 + sin0 * sp + cos0 * cp * cdl[u]!;
    const k = denom > 0 ? EARTH_RADIUS_KM * Math.sqrt(2 / denom) : Number.NaN;
    gx[u] = (k * cp * sdl[u]! - grid.x0) * inv;
    gy[u] = (k * (cos0 * sp - sin0 * cp * cdl[u]!) - grid.y0) * inv;
  }
}

/** Rasters are built a band of rows at a time, so the main thread can breathe in between. */
type RasterJob<T> = Generator<void, T, void>;
const ROWS_PER_STEP = 24;

export interface DensityRaster extends GridRaster {
  /** Peak density, per 100 km². */
  peak: number;
}

export function densityPeak(density: Float64Array): number {
  let peak = 0;
  for (let k = 0; k < density.length; k++) if (density[k]! > peak) peak = density[k]!;
  return peak;
}

/** The density surface as an image (ramp, opacity and floor as documented above), bilinear between cell centres. */
export function* densityRasterJob(grid: GridSpec, density: Float64Array): RasterJob<DensityRaster> {
  const peak = densityPeak(density);
  const lut = new Uint8ClampedArray(256 * 4);
  for (let q = 0; q < 256; q++) {
    const [r, g, b] = densityColour(q / 255);
    lut[q * 4] = r; lut[q * 4 + 1] = g; lut[q * 4 + 2] = b;
    lut[q * 4 + 3] = Math.round(255 * (DENSITY_ALPHA[0] + (DENSITY_ALPHA[1] - DENSITY_ALPHA[0]) * (q / 255)));
  }
  const plan = planRaster(grid);
  const { width, height } = plan;
  const { nx, ny } = grid;
  const data = new Uint8ClampedArray(width * height * 4);
  const gx = new Float64Array(width), gy = new Float64Array(width);
  const floor = DENSITY_FLOOR * peak;
  const inv = peak > 0 ? 1 / peak : 0;
  for (let v = 0; v < height; v++) {
    if (v % ROWS_PER_STEP === 0) yield;
    rowInCells(plan, v, gx, gy);
    for (let u = 0; u < width; u++) {
      const px = gx[u]!, py = gy[u]!;
      if (!(px >= 0 && py >= 0 && px < nx && py < ny)) continue;
      // Bilinear between cell centres (the centre of cell i is at i + ½); outside the grid counts as 0.
      const fx = px - 0.5, fy = py - 0.5;
      const i = Math.floor(fx), j = Math.floor(fy);
      const tx = fx - i, ty = fy - j;
      const i0 = i >= 0, i1 = i + 1 < nx, j0 = j >= 0, j1 = j + 1 < ny;
      const k = j * nx + i;
      const d00 = i0 && j0 ? density[k]! : 0, d10 = i1 && j0 ? density[k + 1]! : 0;
      const d01 = i0 && j1 ? density[k + nx]! : 0, d11 = i1 && j1 ? density[k + nx + 1]! : 0;
      const d = (d00 * (1 - tx) + d10 * tx) * (1 - ty) + (d01 * (1 - tx) + d11 * tx) * ty;
      if (d < floor || d <= 0) continue;
      const q = Math.min(255, Math.round(255 * Math.sqrt(d * inv))) * 4; // densityPosition, inlined
      const o = (v * width + u) * 4;
      data[o] = lut[q]!; data[o + 1] = lut[q + 1]!; data[o + 2] = lut[q + 2]!; data[o + 3] = lut[q + 3]!;
    }
  }
  return { data, width, height, bounds: plan.bounds, peak };
}

/** Cells with `cells[k] === 1` filled with one colour (the cell each pixel falls in, no smoothing). */
export function* maskRasterJob(grid: GridSpec, cells: Uint8Array, [r, g, b, a]: RGBA): RasterJob<GridRaster> {
  const plan = planRaster(grid);
  const { width, height } = plan;
  const { nx, ny } = grid;
  const data = new Uint8ClampedArray(width * height * 4);
  const gx = new Float64Array(width), gy = new Float64Array(width);
  for (let v = 0; v < height; v++) {
    if (v % ROWS_PER_STEP === 0) yield;
    rowInCells(plan, v, gx, gy);
    for (let u = 0; u < width; u++) {
      const px = gx[u]!, py = gy[u]!;
      if (!(px >= 0 && py >= 0 && px < nx && py < ny) || cells[Math.floor(py) * nx + Math.floor(px)] !== 1) continue;
      const o = (v * width + u) * 4;
      data[o] = r; data[o + 1] = g; data[o + 2] = b; data[o + 3] = a;
    }
  }
  return { data, width, height, bounds: plan.bounds };
}

/** Run a raster job to the end at once (tests, and callers that do not mind blocking). */
export function runRaster<T>(job: RasterJob<T>): T {
  for (;;) {
    const step = job.next();
    if (step.done) return step.value;
  }
}

export interface Segment {
  from: [number, number];
  to: [number, number];
}

/** Cell edges between an included cell and an excluded one (or the grid edge): the outline of the included area. */
export function outlineSegments(grid: GridSpec, include: (k: number) => boolean): Segment[] {
  const { nx, ny } = grid;
  const node = nodeLonLat(grid);
  const inc = (i: number, j: number): boolean => i >= 0 && j >= 0 && i < nx && j < ny && include(j * nx + i);
  const out: Segment[] = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      if (!include(j * nx + i)) continue;
      if (!inc(i, j - 1)) out.push({ from: node(i, j), to: node(i + 1, j) });
      if (!inc(i, j + 1)) out.push({ from: node(i, j + 1), to: node(i + 1, j + 1) });
      if (!inc(i - 1, j)) out.push({ from: node(i, j), to: node(i, j + 1) });
      if (!inc(i + 1, j)) out.push({ from: node(i + 1, j), to: node(i + 1, j + 1) });
    }
  }
  return out;
}

export interface CellShape {
  polygon: [number, number][];
  colour: RGBA;
  /** Flat cell index. */
  cell: number;
}

// ---------------------------------------------------------------------------------------
// What each result draws, computed once per result.

export interface HotspotMarker {
  rank: number;
  position: [number, number];
}

export interface Drawn {
  density: DensityRaster;
  hotspotOutline: Segment[];
  hotspotMarkers: HotspotMarker[];
  giStar: CellShape[];
  emerging: CellShape[];
  gaps: { raster: GridRaster; outline: Segment[] } | null;
}

/** Hotspots labelled on the map (the panel lists them all). */
export const MAP_HOTSPOT_LABELS = 10;

const drawnCache = new WeakMap<AnalysisResults, Drawn>();

/** Everything a result draws, as a job that yields often (rasters yield every few rows). */
function* drawJob(r: AnalysisResults): RasterJob<Drawn> {
  const kdeGrid = r.kde.grid;
  const label = r.hotspots.label;
  const statGrid = r.emerging.grid;
  const statNode = nodeLonLat(statGrid);
  const giStar: CellShape[] = [];
  for (let k = 0; k < r.gistar.bin.length; k++) {
    const b = r.gistar.bin[k]!;
    if (b === 0) continue;
    giStar.push({ polygon: cellPolygon(statNode, k % statGrid.nx, Math.floor(k / statGrid.nx)), colour: [...giStarColour(b), 200], cell: k });
  }
  yield;
  const emerging: CellShape[] = [];
  const byCell = r.emerging.patternByCell;
  for (let k = 0; k < byCell.length; k++) {
    const code = byCell[k]!;
    // "No pattern" cells are most of the analysed area: drawn, they bury the classes in noise.
    if (code === NOT_ANALYSED || code === NO_PATTERN) continue;
    const id = EMERGING_PATTERNS[code]!.id;
    emerging.push({ polygon: cellPolygon(statNode, k % statGrid.nx, Math.floor(k / statGrid.nx)), colour: [...EMERGING_COLOURS[id], 215], cell: k });
  }
  yield;
  const hotspotOutline = outlineSegments(kdeGrid, (k) => label[k]! >= 0);
  yield;
  const density = yield* densityRasterJob(kdeGrid, r.kde.density);
  const gap = r.coverage.gap;
  let gaps: Drawn['gaps'] = null;
  if (gap && gap.cellCount > 0) {
    const cells = gap.cells;
    const outline = outlineSegments(kdeGrid, (k) => cells[k] === 1);
    yield;
    gaps = { raster: yield* maskRasterJob(kdeGrid, cells, GAP_FILL), outline };
  }
  return {
    density, hotspotOutline, giStar, emerging, gaps,
    hotspotMarkers: r.hotspots.hotspots.slice(0, MAP_HOTSPOT_LABELS).map((h) => ({ rank: h.rank, position: [h.centroidLon, h.centroidLat] })),
  };
}

/**
 * Prepare what a result draws in slices of ~8 ms of main-thread work with returns to the
 * event loop in between, so building a 1024-pixel raster never makes a long task (the
 * map and the panel keep answering). Null when `cancelled()` turns true first.
 */
export async function prepareDrawn(r: AnalysisResults, cancelled: () => boolean, sliceMs = 8): Promise<Drawn | null> {
  const hit = drawnCache.get(r);
  if (hit) return hit;
  const job = drawJob(r);
  let t0 = performance.now();
  for (;;) {
    const step = job.next();
    if (step.done) {
      drawnCache.set(r, step.value);
      return step.value;
    }
    if (performance.now() - t0 > sliceMs) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (cancelled()) return null;
      t0 = performance.now();
    }
  }
}

function imageOf(r: GridRaster): ImageData {
  return new ImageData(r.data as Uint8ClampedArray<ArrayBuffer>, r.width, r.height);
}
const imageCache = new WeakMap<GridRaster, ImageData>();
function cachedImage(r: GridRaster): ImageData {
  let img = imageCache.get(r);
  if (!img) { img = imageOf(r); imageCache.set(r, img); }
  return img;
}

/**
 * The layers for a prepared result and the switches (pure; the hook memoises it). Ids are
 * stable: a new result updates the existing layers (new data, new texture) rather than
 * creating layers and GPU models from scratch, which is cheaper on the main thread.
 */
export function buildAnalysisLayers(d: Drawn, on: Record<AnalysisLayerId, boolean>): Layer[] {
  const layers: Layer[] = [];
  if (on.density) {
    layers.push(new BitmapLayer({
      id: 'analysis-density',
      image: cachedImage(d.density),
      bounds: d.density.bounds,
      textureParameters: { minFilter: 'linear', magFilter: 'linear' },
    }));
  }
  if (on.gaps && d.gaps) {
    layers.push(
      new BitmapLayer({
        id: 'analysis-gaps',
        image: cachedImage(d.gaps.raster),
        bounds: d.gaps.raster.bounds,
        textureParameters: { minFilter: 'nearest', magFilter: 'nearest' },
      }),
      new LineLayer<Segment>({
        id: 'analysis-gaps-outline',
        data: d.gaps.outline,
        getSourcePosition: (s) => s.from,
        getTargetPosition: (s) => s.to,
        getColor: [...GAP_LINE, 230],
        getWidth: 1.5,
        widthUnits: 'pixels',
      }),
    );
  }
  if (on.gistar) {
    layers.push(new SolidPolygonLayer<CellShape>({
      id: 'analysis-gistar',
      data: d.giStar,
      getPolygon: (c) => c.polygon,
      getFillColor: (c) => c.colour,
    }));
  }
  if (on.emerging) {
    layers.push(new SolidPolygonLayer<CellShape>({
      id: 'analysis-emerging',
      data: d.emerging,
      getPolygon: (c) => c.polygon,
      getFillColor: (c) => c.colour,
    }));
  }
  if (on.hotspots) {
    layers.push(
      new LineLayer<Segment>({
        id: 'analysis-hotspot-outline',
        data: d.hotspotOutline,
        getSourcePosition: (s) => s.from,
        getTargetPosition: (s) => s.to,
        getColor: [...HOTSPOT_LINE, 220],
        getWidth: 2,
        widthUnits: 'pixels',
      }),
      new ScatterplotLayer<HotspotMarker>({
        id: 'analysis-hotspot-markers',
        data: d.hotspotMarkers,
        getPosition: (m) => m.position,
        getRadius: 11,
        radiusUnits: 'pixels',
        getFillColor: [255, 255, 255, 240],
        getLineColor: [...HOTSPOT_LINE, 255],
        stroked: true,
        getLineWidth: 2,
        lineWidthUnits: 'pixels',
        pickable: true,
        onClick: (info) => {
          const m = info.object as HotspotMarker | undefined;
          if (m) actions.flyTo({ lon: m.position[0], lat: m.position[1], zoom: 8 });
        },
      }),
      new TextLayer<HotspotMarker>({
        id: 'analysis-hotspot-labels',
        data: d.hotspotMarkers,
        getPosition: (m) => m.position,
        getText: (m) => String(m.rank),
        getSize: 13,
        getColor: [...HOTSPOT_LINE, 255],
        fontFamily: 'DejaVu Sans, Liberation Sans, Arial, sans-serif',
        fontWeight: 'bold',
        characterSet: '0123456789',
        getTextAnchor: 'middle',
        getAlignmentBaseline: 'center',
      }),
    );
  }
  return layers;
}

export function useAnalysisLayers(): Layer[] {
  const results = useAnalysis((s) => s.results);
  const on = useAnalysis((s) => s.layers);
  // The previous result stays drawn until the new one is prepared (no flash of an empty map).
  const [ready, setReady] = useState<Drawn | null>(null);
  useEffect(() => {
    if (!results) { setReady(null); return; }
    let live = true;
    void prepareDrawn(results, () => !live).then((d) => { if (live && d) setReady(d); });
    return () => { live = false; };
  }, [results]);
  return useMemo(() => (ready ? buildAnalysisLayers(ready, on) : []), [ready, on]);
}
