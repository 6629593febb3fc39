/**
 * Drawing a selection on the map: a polygon (click vertices; double-click, Enter or a
 * click on the first vertex closes it) or a circle (click the centre, click again at the
 * radius — or type the radius first, then one click). Owns only the shape being drawn; the finished shape goes to the store, which
 * turns it into `filter.selection`.
 */
import type * as maplibregl from 'maplibre-gl';
import { actions, getState, subscribe } from '../state/store.ts';
import { selectInCircle, selectInPolygon } from '../filter/spatialSelect.ts';
import { distanceKm, geodesicCircle } from '../domain/geo.ts';
import type { SelectionShape } from '../state/urlState.ts';

export function shapeRing(shape: SelectionShape): [number, number][] {
  return shape.kind === 'circle' ? geodesicCircle(shape.lon, shape.lat, shape.radiusKm, 128) : [...shape.ring, shape.ring[0]!];
}

/** Apply a finished shape: select the incidents inside it. */
export function applyShape(shape: SelectionShape): void {
  const t = getState().dataset?.incidents;
  if (!t) return;
  const indices = shape.kind === 'circle' ? selectInCircle(t, shape.lon, shape.lat, shape.radiusKm) : selectInPolygon(t, shape.ring);
  actions.selectArea(shape, indices);
}

/** Wires the map's pointer events while a draw mode is on; calls `onDraft` as the shape grows. */
export function attachDrawing(map: maplibregl.Map, onDraft: (ring: [number, number][] | null) => void): () => void {
  let vertices: [number, number][] = [];
  let centre: [number, number] | null = null;
  const reset = (): void => { vertices = []; centre = null; onDraft(null); };
  const finishPolygon = (): void => {
    if (vertices.length >= 3) applyShape({ kind: 'polygon', ring: vertices });
    reset();
  };
  const onClick = (e: maplibregl.MapMouseEvent): void => {
    const mode = getState().drawMode;
    if (!mode) return;
    const p: [number, number] = [e.lngLat.lng, e.lngLat.lat];
    if (mode === 'circle') {
      const typed = getState().drawRadiusKm;
      if (typed) { applyShape({ kind: 'circle', lon: p[0], lat: p[1], radiusKm: typed }); reset(); return; }
      if (!centre) { centre = p; return; }
      const km = distanceKm(centre[0], centre[1], p[0], p[1]);
      if (km > 0) applyShape({ kind: 'circle', lon: centre[0], lat: centre[1], radiusKm: Math.round(km * 10) / 10 });
      reset();
      return;
    }
    // A click within 8 px of the first vertex closes the polygon.
    if (vertices.length >= 3) {
      const first = map.project(vertices[0]!);
      if (Math.hypot(first.x - e.point.x, first.y - e.point.y) < 8) { finishPolygon(); return; }
    }
    vertices.push(p);
    onDraft([...vertices]);
  };
  const onMove = (e: maplibregl.MapMouseEvent): void => {
    const mode = getState().drawMode;
    const p: [number, number] = [e.lngLat.lng, e.lngLat.lat];
    if (mode === 'circle' && centre) onDraft(geodesicCircle(centre[0], centre[1], distanceKm(centre[0], centre[1], p[0], p[1]), 96));
    else if (mode === 'polygon' && vertices.length) onDraft([...vertices, p]);
  };
  const onDblClick = (e: maplibregl.MapMouseEvent): void => {
    if (getState().drawMode !== 'polygon') return;
    e.preventDefault();
    // The double-click's two clicks each added a vertex at the same place: keep one.
    vertices = vertices.filter((v, i) => i === 0 || v[0] !== vertices[i - 1]![0] || v[1] !== vertices[i - 1]![1]);
    finishPolygon();
  };
  const onKey = (e: KeyboardEvent): void => {
    if (!getState().drawMode) return;
    if (e.key === 'Escape') { reset(); actions.setDrawMode(null); }
    else if (e.key === 'Enter') finishPolygon();
    else if (e.key === 'Backspace' && vertices.length) { vertices.pop(); onDraft([...vertices]); }
  };
  // No zoom on double-click while drawing, and a crosshair to say what a click will do.
  const unsubscribe = subscribe(() => {
    const on = getState().drawMode !== null;
    if (on) map.doubleClickZoom.disable();
    else map.doubleClickZoom.enable();
    map.getCanvas().style.cursor = on ? 'crosshair' : '';
    if (!on && (vertices.length || centre)) reset();
  });
  map.on('click', onClick);
  map.on('mousemove', onMove);
  map.on('dblclick', onDblClick);
  window.addEventListener('keydown', onKey);
  return () => {
    unsubscribe();
    map.off('click', onClick);
    map.off('mousemove', onMove);
    map.off('dblclick', onDblClick);
    window.removeEventListener('keydown', onKey);
  };
}
