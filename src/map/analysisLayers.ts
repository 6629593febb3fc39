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
import { useMemo } from 'react';
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
/** "No pattern" cells are drawn faintly: they show where the analysis looked. */
export const EMERGING_NO_PATTERN_ALPHA = 45;

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

/**
 * Resample a grid into a lon/lat-bounded image (see the header). `shade(gx, gy)` gets the
 * pixel centre in fractional cell units (gx = (x − x0)/cell, so cell i spans [i, i+1)) and
 * writes the pixel's RGBA into `out` (left untouched = transparent).
 */
export function rasterise(grid: GridSpec, shade: (gx: number, gy: number, out: Uint8ClampedArray, o: number) => void, maxSide = 1024): GridRaster {
  const bounds = gridBounds(grid);
  const [w, s, e, n] = bounds;
  // About two pixels per cell (capped): enough for bilinear smoothness, cheap to build.
  // Pixels are square in Web Mercator (x = longitude in radians, y = mercY), so the
  // image keeps the map's aspect.
  const yS = mercY(s), yN = mercY(n);
  const aspect = (yN - yS) / Math.max(1e-9, (e - w) * RAD);
  const widthKm = (e - w) * RAD * EARTH_RADIUS_KM * Math.cos(((s + n) / 2) * RAD);
  let width = widthKm / (grid.cellKm / 2), height = width * aspect;
  const shrink = Math.min(1, maxSide / Math.max(width, height));
  width = Math.max(2, Math.round(width * shrink));
  height = Math.max(2, Math.round(height * shrink));
  const data = new Uint8ClampedArray(width * height * 4);
  const { lon0, lat0 } = grid.projection;
  const sin0 = Math.sin(lat0 * RAD), cos0 = Math.cos(lat0 * RAD);
  const sdl = new Float64Array(width), cdl = new Float64Array(width);
  for (let u = 0; u < width; u++) {
    const dl = (w + ((u + 0.5) * (e - w)) / width - lon0) * RAD;
    sdl[u] = Math.sin(dl);
    cdl[u] = Math.cos(dl);
  }
  const inv = 1 / grid.cellKm;
  for (let v = 0; v < height; v++) {
    const phi = Math.atan(Math.sinh(yN - ((v + 0.5) * (yN - yS)) / height));
    const sp = Math.sin(phi), cp = Math.cos(phi);
    for (let u = 0; u < width; u++) {
      // Forward spherical LAEA, as projectLaea (projection.ts), with the row/column terms hoisted.
      const denom = 1 + sin0 * sp + cos0 * cp * cdl[u]!;
      if (!(denom > 0)) continue;
      const k = EARTH_RADIUS_KM * Math.sqrt(2 / denom);
      const x = k * cp * sdl[u]!;
      const y = k * (cos0 * sp - sin0 * cp * cdl[u]!);
      shade((x - grid.x0) * inv, (y - grid.y0) * inv, data, (v * width + u) * 4);
    }
  }
  return { data, width, height, bounds };
}

export interface DensityRaster extends GridRaster {
  /** Peak density, per 100 km². */
  peak: number;
}

/** The density surface as an image (ramp, opacity and floor as documented above). */
export function densityRaster(grid: GridSpec, density: Float64Array): DensityRaster {
  let peak = 0;
  for (let k = 0; k < density.length; k++) if (density[k]! > peak) peak = density[k]!;
  const lut = new Uint8ClampedArray(256 * 4);
  for (let q = 0; q < 256; q++) {
    const [r, g, b] = densityColour(q / 255);
    lut[q * 4] = r; lut[q * 4 + 1] = g; lut[q * 4 + 2] = b;
    lut[q * 4 + 3] = Math.round(255 * (DENSITY_ALPHA[0] + (DENSITY_ALPHA[1] - DENSITY_ALPHA[0]) * (q / 255)));
  }
  const { nx, ny } = grid;
  const floor = DENSITY_FLOOR * peak;
  const at = (i: number, j: number): number => (i < 0 || j < 0 || i >= nx || j >= ny ? 0 : density[j * nx + i]!);
  const raster = rasterise(grid, (gx, gy, out, o) => {
    if (!(gx >= 0 && gy >= 0 && gx < nx && gy < ny) || peak <= 0) return;
    // Bilinear between cell centres (centre of cell i is at gx = i + ½).
    const fx = gx - 0.5, fy = gy - 0.5;
    const i = Math.floor(fx), j = Math.floor(fy);
    const tx = fx - i, ty = fy - j;
    const d = (at(i, j) * (1 - tx) + at(i + 1, j) * tx) * (1 - ty) + (at(i, j + 1) * (1 - tx) + at(i + 1, j + 1) * tx) * ty;
    if (d < floor) return;
    const q = Math.min(255, Math.round(255 * densityPosition(d, peak))) * 4;
    out[o] = lut[q]!; out[o + 1] = lut[q + 1]!; out[o + 2] = lut[q + 2]!; out[o + 3] = lut[q + 3]!;
  });
  return { ...raster, peak };
}

/** Cells with `include(k)` filled with one colour (nearest cell, no smoothing). */
export function maskRaster(grid: GridSpec, include: (k: number) => boolean, [r, g, b, a]: RGBA): GridRaster {
  const { nx, ny } = grid;
  return rasterise(grid, (gx, gy, out, o) => {
    if (!(gx >= 0 && gy >= 0 && gx < nx && gy < ny)) return;
    if (!include(Math.floor(gy) * nx + Math.floor(gx))) return;
    out[o] = r; out[o + 1] = g; out[o + 2] = b; out[o + 3] = a;
  });
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

interface Drawn {
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

export function drawnOf(r: AnalysisResults): Drawn {
  const hit = drawnCache.get(r);
  if (hit) return hit;
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
  const emerging: CellShape[] = [];
  const byCell = r.emerging.patternByCell;
  for (let k = 0; k < byCell.length; k++) {
    const code = byCell[k]!;
    if (code === NOT_ANALYSED) continue;
    const id = EMERGING_PATTERNS[code]!.id;
    emerging.push({
      polygon: cellPolygon(statNode, k % statGrid.nx, Math.floor(k / statGrid.nx)),
      colour: [...EMERGING_COLOURS[id], id === 'no_pattern' ? EMERGING_NO_PATTERN_ALPHA : 210],
      cell: k,
    });
  }
  const gap = r.coverage.gap;
  const gapCells = gap?.cells;
  const drawn: Drawn = {
    density: densityRaster(kdeGrid, r.kde.density),
    hotspotOutline: outlineSegments(kdeGrid, (k) => label[k]! >= 0),
    hotspotMarkers: r.hotspots.hotspots.slice(0, MAP_HOTSPOT_LABELS).map((h) => ({ rank: h.rank, position: [h.centroidLon, h.centroidLat] })),
    giStar,
    emerging,
    gaps: gapCells && gap.cellCount > 0
      ? { raster: maskRaster(kdeGrid, (k) => gapCells[k] === 1, GAP_FILL), outline: outlineSegments(kdeGrid, (k) => gapCells[k] === 1) }
      : null,
  };
  drawnCache.set(r, drawn);
  return drawn;
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

/** The layers for a result and the switches (pure; the hook memoises it). */
export function buildAnalysisLayers(r: AnalysisResults | null, on: Record<AnalysisLayerId, boolean>): Layer[] {
  if (!r) return [];
  const d = drawnOf(r);
  const layers: Layer[] = [];
  const tag = `-${r.jobId}`; // a new result is new data: new ids let deck.gl drop the old textures at once
  if (on.density) {
    layers.push(new BitmapLayer({
      id: `analysis-density${tag}`,
      image: cachedImage(d.density),
      bounds: d.density.bounds,
      textureParameters: { minFilter: 'linear', magFilter: 'linear' },
    }));
  }
  if (on.gaps && d.gaps) {
    layers.push(
      new BitmapLayer({
        id: `analysis-gaps${tag}`,
        image: cachedImage(d.gaps.raster),
        bounds: d.gaps.raster.bounds,
        textureParameters: { minFilter: 'nearest', magFilter: 'nearest' },
      }),
      new LineLayer<Segment>({
        id: `analysis-gaps-outline${tag}`,
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
      id: `analysis-gistar${tag}`,
      data: d.giStar,
      getPolygon: (c) => c.polygon,
      getFillColor: (c) => c.colour,
    }));
  }
  if (on.emerging) {
    layers.push(new SolidPolygonLayer<CellShape>({
      id: `analysis-emerging${tag}`,
      data: d.emerging,
      getPolygon: (c) => c.polygon,
      getFillColor: (c) => c.colour,
    }));
  }
  if (on.hotspots) {
    layers.push(
      new LineLayer<Segment>({
        id: `analysis-hotspot-outline${tag}`,
        data: d.hotspotOutline,
        getSourcePosition: (s) => s.from,
        getTargetPosition: (s) => s.to,
        getColor: [...HOTSPOT_LINE, 220],
        getWidth: 2,
        widthUnits: 'pixels',
      }),
      new ScatterplotLayer<HotspotMarker>({
        id: `analysis-hotspot-markers${tag}`,
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
        id: `analysis-hotspot-labels${tag}`,
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
  return useMemo(() => buildAnalysisLayers(results, on), [results, on]);
}
