/**
 * Builds the deck.gl layers drawn over the basemap from the dataset and the layer
 * switches. Per-dataset work (positions, colours, range rings) is computed once and
 * cached by dataset identity; a layer toggle only changes `visible`, so nothing is
 * re-uploaded to the GPU.
 */
import { GeoJsonLayer, IconLayer, PathLayer, ScatterplotLayer, SolidPolygonLayer, TextLayer } from '@deck.gl/layers';
import { DataFilterExtension, PathStyleExtension, type PathStyleExtensionProps } from '@deck.gl/extensions';
import type { BinaryAttribute, Layer, PickingInfo } from '@deck.gl/core';
import * as turf from '@turf/turf';
import type { Dataset } from '../io/dataset.ts';
import type { LayerId, Selection } from '../state/store.ts';
import { MOBILITY_MODES, THREAT_GROUPS, THREAT_GROUP_OF_TYPE, type MobilityModeId } from '../domain/taxonomy.ts';
import type { AreaOfResponsibility, Presence } from '../domain/presence.ts';
import { geodesicCircle } from '../domain/geo.ts';
import {
  AOR_COLOUR, PRESENCE_COLOUR, PRESENCE_SHAPES, RANGE_COLOURS, RANGE_DASH, SITE_COLOUR, THREAT_GROUP_COLOURS,
} from './palette.ts';
import type { IconAtlas } from './symbols.ts';
import type { CountryLabel } from './basemapStyle.ts';
import type { DayRange } from '../filter/aggregate.ts';

export interface LayerInputs {
  dataset: Dataset;
  visible: Record<LayerId, boolean>;
  zoom: number;
  selection: Selection;
  icons: IconAtlas;
  countryLabels: CountryLabel[];
  /** 1 where an incident passes every filter except the period. */
  maskNoPeriod: Uint8Array | null;
  period: DayRange | null;
  /** Outline of the drawn selection, and the shape being drawn. */
  selectionRing: [number, number][] | null;
  draftRing: [number, number][] | null;
  onHover: (info: PickingInfo) => void;
  onClick: (info: PickingInfo) => void;
}

interface RangeRing {
  presence: number;
  mode: MobilityModeId;
  km: number;
  polygon: [number, number][];
}

interface Prepared {
  positions: Float32Array;
  colours: Uint8Array;
  radii: Float32Array;
  rings: Record<MobilityModeId, RangeRing[]>;
  aorLabels: { name: string; position: [number, number] }[];
  aorFeatures: GeoJSON.Feature[];
}

const cache = new WeakMap<Dataset, Prepared>();

/** Per-dataset arrays, computed once. */
function prepare(d: Dataset): Prepared {
  const hit = cache.get(d);
  if (hit) return hit;
  const t = d.incidents;
  const n = t.length;
  const positions = new Float32Array(n * 2);
  const colours = new Uint8Array(n * 4);
  const radii = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    positions[2 * i] = t.lon[i]!;
    positions[2 * i + 1] = t.lat[i]!;
    const group = THREAT_GROUPS[THREAT_GROUP_OF_TYPE[t.threatType[i]!]!]!.id;
    const c = THREAT_GROUP_COLOURS[group];
    colours.set([c[0], c[1], c[2], 200], 4 * i);
    // Area grows with fatalities: radius ~ sqrt.
    radii[i] = 2.5 + 1.6 * Math.sqrt(t.fatalities[i]!);
  }
  const rings = { foot: [], road: [], air: [] } as Record<MobilityModeId, RangeRing[]>;
  d.presences.forEach((p, i) => {
    for (const { id } of MOBILITY_MODES) {
      const km = p.reachKm[id];
      if (km > 0) rings[id].push({ presence: i, mode: id, km, polygon: geodesicCircle(p.lon, p.lat, km, 128) });
    }
  });
  const aorFeatures = d.aors.map((a: AreaOfResponsibility): GeoJSON.Feature => ({
    type: 'Feature', geometry: a.geometry, properties: { id: a.id, name: a.name, owningUnit: a.owningUnit },
  }));
  const aorLabels = aorFeatures.map((f) => {
    const pt = turf.pointOnFeature(f as GeoJSON.Feature<GeoJSON.Polygon>);
    return { name: String(f.properties?.name ?? ''), position: pt.geometry.coordinates as [number, number] };
  });
  const prepared = { positions, colours, radii, rings, aorLabels, aorFeatures };
  cache.set(d, prepared);
  return prepared;
}

/** Population a settlement needs for its label to show at this zoom (larger towns first). */
export function labelMinPopulation(zoom: number): number {
  if (zoom < 5) return 100_000;
  if (zoom < 6) return 20_000;
  if (zoom < 7) return 5_000;
  return 0;
}

// 'path': the dash pattern runs along the whole ring instead of restarting at every vertex
// (128-vertex rings have segments shorter than a dash, which then looked solid).
const dashExtension = new PathStyleExtension({ dash: true, dashMode: 'path' });
/** Channel 0: the incident's day (brushing and playback move only the range, a uniform);
 *  channel 1: passes the other filters (1/0), re-uploaded only when those filters change. */
const filterExtension = new DataFilterExtension({ filterSize: 2 });
// Keyed by the filter mask (one per filter state and dataset), or the dataset's day column when unfiltered.
const filterValues = new WeakMap<object, Float32Array>();

/** The binary data object, kept while nothing in it changes: a new object would make deck.gl
 *  diff every attribute on each re-render (hover, selection, planner edits). */
interface BinaryData { length: number; attributes: Record<string, BinaryAttribute & { normalized?: boolean }> }
const incidentDataCache = new WeakMap<Float32Array, BinaryData>();
function incidentData(d: Dataset, p: Prepared, filterValues: Float32Array): BinaryData {
  const hit = incidentDataCache.get(filterValues);
  if (hit) return hit;
  const data: BinaryData = { length: d.incidents.length, attributes: {
      getPosition: { value: p.positions, size: 2 },
      getFillColor: { value: p.colours, size: 4, normalized: true },
      getRadius: { value: p.radii, size: 1 },
      getFilterValue: { value: filterValues, size: 2 },
    } };
  incidentDataCache.set(filterValues, data);
  return data;
}

function filterValuesOf(d: Dataset, mask: Uint8Array | null): Float32Array {
  const key: object = mask ?? d.incidents.day;
  let v = filterValues.get(key);
  if (v) return v;
  const day = d.incidents.day;
  v = new Float32Array(day.length * 2);
  for (let i = 0; i < day.length; i++) {
    v[2 * i] = day[i]!;
    v[2 * i + 1] = mask ? mask[i]! : 1;
  }
  filterValues.set(key, v);
  return v;
}
const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';
/** Printable ASCII, Latin-1 and Latin Extended-A: every settlement and group name in the region. */
const CHARACTER_SET = Array.from({ length: 0x17f - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i)).filter((c) => !/[\u007f-\u009f]/.test(c)).join('');
/** A larger SDF atlas keeps thin glyphs (i, j, l) intact at small sizes with a halo. */
const FONT_SETTINGS = { sdf: true, fontSize: 96, buffer: 8, radius: 16, smoothing: 0.15 };

export function buildLayers(inp: LayerInputs): Layer[] {
  const { dataset: d, visible, zoom, icons } = inp;
  const p = prepare(d);
  const common = { pickable: true, onHover: inp.onHover, onClick: inp.onClick };
  const minPop = labelMinPopulation(zoom);
  const labelledSettlements = d.settlements.filter((s) => s.population >= minPop);
  const selectedPresence = inp.selection?.kind === 'presence' ? inp.selection.index : -1;
  const selectedIncident = inp.selection?.kind === 'incident' ? inp.selection.index : -1;

  const layers: Layer[] = [
    new TextLayer<CountryLabel>({
      id: 'country-labels',
      data: inp.countryLabels,
      getText: (c) => c.name.toUpperCase(),
      getPosition: (c) => [c.lon, c.lat],
      getSize: 13,
      getColor: [120, 112, 104, 200],
      fontFamily: FONT,
      fontWeight: 'bold',
      characterSet: CHARACTER_SET,
      fontSettings: FONT_SETTINGS,
      outlineWidth: 3,
      outlineColor: [243, 240, 234, 200],
    }),
    new GeoJsonLayer<Record<string, unknown>, PathStyleExtensionProps>({
      id: 'aors',
      data: p.aorFeatures,
      visible: visible.aors,
      stroked: true,
      filled: true,
      getFillColor: [...AOR_COLOUR, 10],
      getLineColor: [...AOR_COLOUR, 200],
      getLineWidth: 2,
      lineWidthUnits: 'pixels',
      getDashArray: [8, 4],
      extensions: [dashExtension],
      pickable: false,
    }),
    new PathLayer({
      id: 'roads',
      data: d.roads?.features ?? [],
      visible: visible.roads,
      getPath: (f: GeoJSON.Feature<GeoJSON.LineString>) => f.geometry.coordinates as [number, number][],
      getColor: (f: GeoJSON.Feature<GeoJSON.LineString>) => (f.properties?.class === 'primary' ? [180, 120, 60, 200] : [190, 150, 110, 160]),
      getWidth: (f: GeoJSON.Feature<GeoJSON.LineString>) => (f.properties?.class === 'primary' ? 2 : 1.2),
      widthUnits: 'pixels',
    }),
    // Fill and outline are separate layers: PolygonLayer does not pass a dash array on to its outline.
    ...MOBILITY_MODES.flatMap(({ id: mode }) => [
      new SolidPolygonLayer<RangeRing>({
        id: `range_${mode}-fill`,
        data: p.rings[mode],
        visible: visible[`range_${mode}`],
        getPolygon: (r) => r.polygon,
        getFillColor: (r) => [...RANGE_COLOURS[mode], r.presence === selectedPresence ? 45 : 18],
        updateTriggers: { getFillColor: selectedPresence },
      }),
      new PathLayer<RangeRing, PathStyleExtensionProps<RangeRing>>({
        id: `range_${mode}`,
        data: p.rings[mode],
        visible: visible[`range_${mode}`],
        getPath: (r) => r.polygon,
        getColor: [...RANGE_COLOURS[mode], 230],
        getWidth: (r) => (r.presence === selectedPresence ? 3 : 1.5),
        widthUnits: 'pixels',
        getDashArray: RANGE_DASH[mode],
        extensions: [dashExtension],
        updateTriggers: { getWidth: selectedPresence },
      }),
    ]),
    new ScatterplotLayer({
      id: 'settlements',
      data: d.settlements,
      visible: visible.settlements,
      getPosition: (s: Dataset['settlements'][number]) => [s.lon, s.lat],
      getRadius: (s: Dataset['settlements'][number]) => (s.population >= 50_000 ? 3.5 : s.population >= 10_000 ? 2.8 : 2.2),
      radiusUnits: 'pixels',
      getFillColor: [70, 70, 70, 230],
      stroked: true,
      getLineColor: [255, 255, 255, 230],
      getLineWidth: 1,
      lineWidthUnits: 'pixels',
      ...common,
    }),
    new ScatterplotLayer({
      id: 'incidents',
      data: incidentData(d, p, filterValuesOf(d, inp.maskNoPeriod)),
      extensions: [filterExtension],
      filterRange: [
        inp.period ? [inp.period.startDay - 0.5, inp.period.endDay + 0.5] : [-1e7, 1e7],
        [0.5, 1.5],
      ],
      visible: visible.incidents,
      radiusUnits: 'pixels',
      stroked: true,
      getLineColor: [255, 255, 255, 160],
      lineWidthUnits: 'pixels',
      getLineWidth: 0.5,
      ...common,
    }),
    new ScatterplotLayer({
      id: 'incident-selected',
      data: selectedIncident >= 0 ? [selectedIncident] : [],
      visible: visible.incidents,
      getPosition: (i: number) => [d.incidents.lon[i]!, d.incidents.lat[i]!],
      getRadius: 12,
      radiusUnits: 'pixels',
      filled: false,
      stroked: true,
      getLineColor: [0, 0, 0, 255],
      getLineWidth: 2.5,
      lineWidthUnits: 'pixels',
    }),
    new IconLayer<{ lon: number; lat: number; kind: string }>({
      id: 'sites',
      data: d.sites.map((s) => ({ lon: s.lon, lat: s.lat, kind: 'tent' })),
      visible: visible.sites,
      iconAtlas: icons.atlas,
      iconMapping: icons.mapping,
      getIcon: () => 'tent',
      getPosition: (s) => [s.lon, s.lat],
      getSize: 22,
      getColor: [...SITE_COLOUR, 255],
      ...common,
    }),
    // White halo under each presence symbol so it reads on any background.
    new IconLayer<Presence>({
      id: 'presences-halo',
      data: d.presences,
      visible: visible.presences,
      iconAtlas: icons.atlas,
      iconMapping: icons.mapping,
      getIcon: (pr) => PRESENCE_SHAPES[pr.type],
      getPosition: (pr) => [pr.lon, pr.lat],
      getSize: (pr) => (pr.type === 'mission_hq' ? 34 : 27),
      getColor: [255, 255, 255, 255],
    }),
    new IconLayer<Presence>({
      id: 'presences',
      data: d.presences,
      visible: visible.presences,
      iconAtlas: icons.atlas,
      iconMapping: icons.mapping,
      getIcon: (pr) => PRESENCE_SHAPES[pr.type],
      getPosition: (pr) => [pr.lon, pr.lat],
      getSize: (pr) => (pr.type === 'mission_hq' ? 28 : 21),
      getColor: (pr) => (pr.temporary ? [120, 60, 160, 255] : [...PRESENCE_COLOUR, 255]),
      ...common,
    }),
    new TextLayer<{ name: string; position: [number, number] }>({
      id: 'aor-labels',
      data: p.aorLabels,
      visible: visible.aors,
      getText: (a) => a.name.toUpperCase(),
      getPosition: (a) => a.position,
      getSize: 12,
      getColor: [...AOR_COLOUR, 200],
      fontFamily: FONT,
      fontWeight: 'bold',
      characterSet: CHARACTER_SET,
      fontSettings: FONT_SETTINGS,
      outlineWidth: 3,
      outlineColor: [255, 255, 255, 220],
    }),
    new TextLayer<Dataset['settlements'][number]>({
      id: 'settlement-labels',
      data: labelledSettlements,
      visible: visible.settlements,
      getText: (s) => s.name,
      getPosition: (s) => [s.lon, s.lat],
      getSize: (s) => (s.population >= 50_000 ? 15 : s.population >= 10_000 ? 13 : 11),
      getPixelOffset: [0, -10],
      getColor: [30, 30, 30, 255],
      fontFamily: FONT,
      characterSet: CHARACTER_SET,
      fontSettings: FONT_SETTINGS,
      outlineWidth: 4,
      outlineColor: [255, 255, 255, 230],
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'bottom',
    }),
    new TextLayer<Presence>({
      id: 'presence-labels',
      data: zoom >= 6.5 ? d.presences : d.presences.filter((pr) => pr.type === 'mission_hq' || pr.type === 'sector_hq'),
      visible: visible.presences,
      getText: (pr) => pr.name,
      getPosition: (pr) => [pr.lon, pr.lat],
      getSize: 12,
      getPixelOffset: [0, 16],
      getColor: [...PRESENCE_COLOUR, 255],
      fontFamily: FONT,
      fontWeight: 'bold',
      characterSet: CHARACTER_SET,
      fontSettings: FONT_SETTINGS,
      outlineWidth: 4,
      outlineColor: [255, 255, 255, 230],
      getAlignmentBaseline: 'top',
    }),
    new PathLayer<[number, number][], PathStyleExtensionProps<[number, number][]>>({
      id: 'selection-outline',
      data: [inp.selectionRing, inp.draftRing].filter((r): r is [number, number][] => r !== null && r.length > 1),
      getPath: (r) => r,
      getColor: [20, 20, 20, 255],
      getWidth: 2,
      widthUnits: 'pixels',
      getDashArray: [4, 2],
      extensions: [dashExtension],
    }),
  ];
  return layers;
}
