/**
 * deck.gl layers and map interaction for the force planner: the scenario's temporary and
 * moved bases and their patrol ranges, closed presences, the gap layer (demand out of
 * reach, and the ranked gap clusters) and the optimiser's proposed bases. Everything is
 * drawn only while the Planner tab is open, on top of the other layers.
 *
 * The dataset's own presences and ranges (layers.ts) are never changed: the scenario is
 * drawn over them in the planner colour (deep magenta, long dashes), so the baseline stays
 * visible under every edit and the legend in the panel says which is which.
 *
 * `attachPlannerInteraction` wires the map's pointer events: with "Drop temporary base"
 * armed, the next click places one; otherwise a press within HIT_PX of a presence or a
 * temporary base starts a drag (MapLibre's drag-pan is stopped for that gesture).
 */
import { useMemo } from 'react';
import type { Layer } from '@deck.gl/core';
import { IconLayer, LineLayer, PathLayer, ScatterplotLayer, SolidPolygonLayer, TextLayer } from '@deck.gl/layers';
import { PathStyleExtension, type PathStyleExtensionProps } from '@deck.gl/extensions';
import type * as maplibregl from 'maplibre-gl';
import { geodesicCircle } from '../domain/geo.ts';
import { actions, getState, useStore } from '../state/store.ts';
import { currentPlan, getPlannerState, plannerActions, usePlan, usePlanner, type PlannerResults, type ProposalSet } from '../state/planner.ts';
import { reachInMode, type PlanningMode, type PlanPresence } from '../views/planner/planModel.ts';
import { PRESENCE_SHAPES, type RGB } from './palette.ts';
import { buildIconAtlas, type IconAtlas } from './symbols.ts';

/** The planner's colour: scenario bases and ranges (not used by any other layer). */
export const PLANNER_COLOUR: RGB = [170, 0, 120];
/** Rings around demand no presence reaches. */
export const GAP_RING_COLOUR: RGB = [25, 25, 25];
/** Ranked gap clusters. */
export const GAP_AREA_COLOUR: RGB = [230, 159, 0];
export const GAP_AREA_LINE: RGB = [140, 80, 0];
/** Dash patterns, in line widths: scenario ranges long dashes, proposals dotted. */
export const SCENARIO_DASH: [number, number] = [9, 4];
export const PROPOSAL_DASH: [number, number] = [1.5, 2.5];
/** How close (px) a press must be to a base to drag it. */
const HIT_PX = 12;

const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';
const CHARACTER_SET = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i)).join('') + '×·–';
const FONT_SETTINGS = { sdf: true, fontSize: 64, buffer: 6, radius: 12, smoothing: 0.15 };
// 'path' dash mode: the pattern runs along the whole ring. The default restarts it at every
// vertex, so a ring whose segments are shorter than one dash (a 128-gon of a few tens of km
// at mission zoom) draws solid.
const dash = new PathStyleExtension({ dash: true, dashMode: 'path' });

let atlas: IconAtlas | null = null;
function icons(): IconAtlas {
  atlas ??= buildIconAtlas();
  return atlas;
}

interface Ring {
  key: string;
  polygon: [number, number][];
}

function ringsOf(plan: readonly PlanPresence[], mode: PlanningMode): Ring[] {
  const out: Ring[] = [];
  for (const p of plan) {
    // Only what differs from the data: the dataset's ranges are drawn by layers.ts.
    if (!p.active || (p.status.length === 0)) continue;
    const km = reachInMode(p.reachKm, mode);
    if (km > 0) out.push({ key: p.key, polygon: geodesicCircle(p.lon, p.lat, km, 128) });
  }
  return out;
}

/**
 * Opacity of the rings around uncovered demand by zoom: at mission scale thousands of rings
 * merge into dark bands over the incidents, so they fade out below zoom 6.5 and leave the
 * ranked gap areas to tell where the gaps are.
 */
export function ringAlpha(zoom: number): number {
  return zoom >= 6.5 ? 130 : zoom >= 5.8 ? 60 : 0;
}

function buildPlannerLayers(plan: readonly PlanPresence[], mode: PlanningMode, results: PlannerResults | null, proposals: ProposalSet | null, dragging: string | null, alpha: number): Layer[] {
  const edited = plan.filter((p) => p.status.length > 0);
  const shown = edited.filter((p) => p.active && (p.temporary || p.from !== null || p.status.includes('range')));
  const moved = edited.filter((p) => p.from !== null);
  const closed = edited.filter((p) => !p.active);
  const rings = ringsOf(plan, mode);
  const gaps = results?.gaps ?? [];
  const props = proposals?.proposals ?? [];
  const proposalRings = props.map((p) => ({ key: String(p.rank), polygon: geodesicCircle(p.lon, p.lat, p.reachKm, 128) }));
  const ic = icons();
  const shapeOf = (p: PlanPresence): string => (p.temporary ? 'square' : PRESENCE_SHAPES[p.type]);
  const layers: Layer[] = [];

  if (results && results.uncovered.count > 0 && alpha > 0) {
    layers.push(new ScatterplotLayer({
      id: 'planner-uncovered',
      data: { length: results.uncovered.count, attributes: {
        getPosition: { value: results.uncovered.positions, size: 2 },
        getRadius: { value: results.uncovered.sizes, size: 1 },
      } },
      radiusUnits: 'pixels',
      filled: false,
      stroked: true,
      getLineColor: [...GAP_RING_COLOUR, alpha],
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      updateTriggers: { getRadius: results.updates },
    }));
  }
  if (gaps.length) {
    layers.push(new ScatterplotLayer({
      id: 'planner-gaps',
      data: gaps,
      getPosition: (g) => [g.lon, g.lat],
      getRadius: (g) => 1000 * Math.max(8, Math.min(60, g.radiusKm)),
      radiusUnits: 'meters',
      getFillColor: [...GAP_AREA_COLOUR, 45],
      stroked: true,
      getLineColor: [...GAP_AREA_LINE, 230],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
    }));
  }
  layers.push(
    new SolidPolygonLayer<Ring>({
      id: 'planner-ranges-fill',
      data: rings,
      getPolygon: (r) => r.polygon,
      getFillColor: (r) => [...PLANNER_COLOUR, r.key === dragging ? 40 : 22],
      updateTriggers: { getFillColor: dragging },
    }),
    new PathLayer<Ring, PathStyleExtensionProps<Ring>>({
      id: 'planner-ranges',
      data: rings,
      getPath: (r) => r.polygon,
      getColor: [...PLANNER_COLOUR, 235],
      getWidth: (r) => (r.key === dragging ? 3 : 2.2),
      widthUnits: 'pixels',
      getDashArray: SCENARIO_DASH,
      extensions: [dash],
      updateTriggers: { getWidth: dragging },
    }),
    new PathLayer<Ring, PathStyleExtensionProps<Ring>>({
      id: 'planner-proposal-ranges',
      data: proposalRings,
      getPath: (r) => r.polygon,
      getColor: [...PLANNER_COLOUR, 235],
      getWidth: 2.2,
      widthUnits: 'pixels',
      getDashArray: PROPOSAL_DASH,
      extensions: [dash],
    }),
    // A moved presence: a grey ghost where the data has it, a line to where the scenario puts it.
    new LineLayer<PlanPresence>({
      id: 'planner-moves',
      data: moved,
      getSourcePosition: (p) => [p.from!.lon, p.from!.lat],
      getTargetPosition: (p) => [p.lon, p.lat],
      getColor: [...PLANNER_COLOUR, 200],
      getWidth: 1.5,
      widthUnits: 'pixels',
    }),
    new ScatterplotLayer<PlanPresence>({
      id: 'planner-ghosts',
      data: moved,
      getPosition: (p) => [p.from!.lon, p.from!.lat],
      getRadius: 7,
      radiusUnits: 'pixels',
      filled: true,
      getFillColor: [255, 255, 255, 160],
      stroked: true,
      getLineColor: [110, 110, 110, 230],
      getLineWidth: 1.5,
      lineWidthUnits: 'pixels',
    }),
    new IconLayer<PlanPresence>({
      id: 'planner-bases-halo',
      data: shown,
      iconAtlas: ic.atlas,
      iconMapping: ic.mapping,
      getIcon: shapeOf,
      getPosition: (p) => [p.lon, p.lat],
      getSize: (p) => (p.key === dragging ? 36 : 29),
      getColor: [255, 255, 255, 255],
      updateTriggers: { getSize: dragging },
    }),
    new IconLayer<PlanPresence>({
      id: 'planner-bases',
      data: shown,
      iconAtlas: ic.atlas,
      iconMapping: ic.mapping,
      getIcon: shapeOf,
      getPosition: (p) => [p.lon, p.lat],
      getSize: (p) => (p.key === dragging ? 29 : 22),
      getColor: [...PLANNER_COLOUR, 255],
      updateTriggers: { getSize: dragging },
    }),
    new TextLayer<PlanPresence>({
      id: 'planner-closed',
      data: closed,
      getText: () => '×',
      getPosition: (p) => [p.lon, p.lat],
      getSize: 30,
      getColor: [...PLANNER_COLOUR, 255],
      fontFamily: FONT,
      fontWeight: 'bold',
      characterSet: CHARACTER_SET,
      fontSettings: FONT_SETTINGS,
      outlineWidth: 3,
      outlineColor: [255, 255, 255, 230],
    }),
    new TextLayer<PlanPresence>({
      id: 'planner-base-labels',
      data: shown.filter((p) => p.temporary || p.from !== null),
      getText: (p) => p.name,
      getPosition: (p) => [p.lon, p.lat],
      getSize: 12,
      getPixelOffset: [0, 15],
      getColor: [...PLANNER_COLOUR, 255],
      fontFamily: FONT,
      fontWeight: 'bold',
      characterSet: CHARACTER_SET,
      fontSettings: FONT_SETTINGS,
      outlineWidth: 4,
      outlineColor: [255, 255, 255, 230],
      getAlignmentBaseline: 'top',
    }),
    new ScatterplotLayer({
      id: 'planner-proposals',
      data: props,
      getPosition: (p) => [p.lon, p.lat],
      getRadius: 11,
      radiusUnits: 'pixels',
      getFillColor: [255, 255, 255, 255],
      stroked: true,
      getLineColor: [...PLANNER_COLOUR, 255],
      getLineWidth: 3,
      lineWidthUnits: 'pixels',
    }),
    new TextLayer({
      id: 'planner-proposal-ranks',
      data: props,
      getText: (p) => String(p.rank),
      getPosition: (p) => [p.lon, p.lat],
      getSize: 14,
      getColor: [...PLANNER_COLOUR, 255],
      fontFamily: FONT,
      fontWeight: 'bold',
      characterSet: CHARACTER_SET,
      fontSettings: FONT_SETTINGS,
    }),
    new TextLayer({
      id: 'planner-gap-labels',
      data: gaps,
      getText: (g) => `Gap ${g.rank}`,
      getPosition: (g) => [g.lon, g.lat],
      getSize: 12,
      getColor: [...GAP_AREA_LINE, 255],
      fontFamily: FONT,
      fontWeight: 'bold',
      characterSet: CHARACTER_SET,
      fontSettings: FONT_SETTINGS,
      outlineWidth: 4,
      outlineColor: [255, 255, 255, 230],
    }),
  );
  return layers;
}

export function usePlannerLayers(): Layer[] {
  const open = useStore((s) => s.panel === 'planner');
  const results = usePlanner((s) => s.results);
  const mode = usePlanner((s) => s.settings.mode);
  const run = usePlanner((s) => s.run);
  const dragging = usePlanner((s) => s.dragging);
  const plan = usePlan();
  const alpha = useStore((s) => ringAlpha(s.view.zoom));
  return useMemo(
    () => (open ? buildPlannerLayers(plan, mode, results, run.phase === 'done' ? run.result : null, dragging, alpha) : []),
    [open, plan, mode, results, run, dragging, alpha],
  );
}

/** The base (slot key) drawn within HIT_PX of a canvas point, nearest first; null when none. */
function baseAt(map: maplibregl.Map, x: number, y: number): string | null {
  let best: string | null = null, bestD = HIT_PX * HIT_PX;
  for (const p of currentPlan()) {
    const q = map.project([p.lon, p.lat]);
    const d = (q.x - x) ** 2 + (q.y - y) ** 2;
    // Temporary bases win ties: they are drawn on top.
    if (d < bestD || (d === bestD && p.temporary)) { bestD = d; best = p.key; }
  }
  return best;
}

function plannerOpen(): boolean {
  const s = getState();
  return s.panel === 'planner' && !s.drawMode && s.screen === 'map';
}

export function attachPlannerInteraction(map: maplibregl.Map): () => void {
  const canvas = map.getCanvas();
  let drag: { key: string; x: number; y: number; moved: boolean } | null = null;
  let pending: { lon: number; lat: number } | null = null;
  let frame = 0;
  let selectionAtDrop: ReturnType<typeof getState>['selection'] | undefined;
  let cursor = '';
  const setCursor = (c: string): void => {
    if (c === cursor) return;
    cursor = c;
    canvas.style.cursor = c;
  };

  const flush = (): void => {
    frame = 0;
    if (drag && pending) plannerActions.moveBase(drag.key, pending.lon, pending.lat);
    pending = null;
  };
  const endDrag = (): void => {
    if (!drag) return;
    if (frame) { cancelAnimationFrame(frame); flush(); }
    if (drag.moved) plannerActions.endDrag();
    drag = null;
    map.dragPan.enable();
    setCursor('');
  };

  const onDown = (e: maplibregl.MapMouseEvent): void => {
    if (!plannerOpen() || e.originalEvent.button !== 0) return;
    if (getPlannerState().dropArmed) { selectionAtDrop = getState().selection; return; }
    const key = baseAt(map, e.point.x, e.point.y);
    if (!key) return;
    // Stops MapLibre's drag-pan for this gesture; disabled as well until the drag ends.
    e.preventDefault();
    map.dragPan.disable();
    drag = { key, x: e.point.x, y: e.point.y, moved: false };
  };
  const onMove = (e: maplibregl.MapMouseEvent): void => {
    if (drag) {
      // A press that does not move is a click (it selects the presence, as usual).
      if (!drag.moved && (e.point.x - drag.x) ** 2 + (e.point.y - drag.y) ** 2 < 9) return;
      if (!drag.moved) { drag.moved = true; plannerActions.startDrag(drag.key); setCursor('grabbing'); }
      // One scenario update per frame: the newest position wins.
      pending = { lon: e.lngLat.lng, lat: e.lngLat.lat };
      if (!frame) frame = requestAnimationFrame(flush);
      return;
    }
    if (!plannerOpen()) { setCursor(''); return; }
    if (getPlannerState().dropArmed) setCursor('crosshair');
    else setCursor(baseAt(map, e.point.x, e.point.y) ? 'grab' : '');
  };
  const onUp = (): void => endDrag();
  const onClick = (e: maplibregl.MapMouseEvent): void => {
    if (!plannerOpen() || !getPlannerState().dropArmed) return;
    plannerActions.placeTemporaryBase(e.lngLat.lng, e.lngLat.lat);
    setCursor('');
    // The same click may also have picked an incident or presence under it: placing a base
    // is what the click meant, so the selection goes back to what it was.
    const before = selectionAtDrop ?? getState().selection;
    selectionAtDrop = undefined;
    setTimeout(() => { if (getState().selection !== before) actions.select(before); }, 0);
  };
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && getPlannerState().dropArmed) { plannerActions.armDrop(false); setCursor(''); }
  };
  const onWindowUp = (): void => endDrag();

  map.on('mousedown', onDown);
  map.on('mousemove', onMove);
  map.on('mouseup', onUp);
  map.on('click', onClick);
  window.addEventListener('keydown', onKey);
  window.addEventListener('mouseup', onWindowUp);
  return () => {
    endDrag();
    map.off('mousedown', onDown);
    map.off('mousemove', onMove);
    map.off('mouseup', onUp);
    map.off('click', onClick);
    window.removeEventListener('keydown', onKey);
    window.removeEventListener('mouseup', onWindowUp);
  };
}
