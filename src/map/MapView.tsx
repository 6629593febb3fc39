/**
 * The map: a MapLibre basemap (offline by default, or the user's own style) with the
 * deck.gl overlay drawn interleaved into the same WebGL context. Owns the map and overlay
 * objects; everything it draws comes from the store.
 */
import { useEffect, useRef, useState } from 'react';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
// MapLibreOverlay, not MapboxOverlay: the latter breaks when interleaved on maplibre 6 (TOOLCHAIN.md).
import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { Layer, PickingInfo } from '@deck.gl/core';
import { actions, getState, useStore } from '../state/store.ts';
import { useFiltered } from '../state/filtered.ts';
import { attachDrawing, shapeRing } from './drawSelection.ts';
import { buildLayers } from './layers.ts';
import { buildIconAtlas, type IconAtlas } from './symbols.ts';
import { loadCountryLabels, userStyleOrDefault, type CountryLabel } from './basemapStyle.ts';
import { SCENARIO_ZOOM } from '../scenario/region.ts';
import { hoverText } from './tooltip.ts';
import { exposeTestHooks } from './testHooks.ts';
import { useAnalysisLayers } from './analysisLayers.ts';
import { useThreatLayers } from './threatLayers.ts';
import { attachPlannerInteraction, usePlannerLayers } from './plannerLayers.ts';

maplibregl.setWorkerUrl(workerUrl);

const BASE = import.meta.env.BASE_URL;

/**
 * Feature hooks memoise their layers, and a layer instance cannot move to a new deck (the
 * map and its overlay are re-created when the basemap changes). A layer first seen by an
 * earlier overlay is cloned once for the new one, and the clone is reused while the hook
 * returns the same instance: new instances on every render would make deck.gl rebuild
 * its state and lose a click's picking between pointer-down and pointer-up.
 */
const layerOwners = new WeakMap<Layer, { overlay: MapLibreOverlay; clone: Layer | null }>();
function layerFor(layer: Layer, overlay: MapLibreOverlay): Layer {
  const seen = layerOwners.get(layer);
  if (!seen) {
    layerOwners.set(layer, { overlay, clone: null });
    return layer;
  }
  if (seen.overlay === overlay) return seen.clone ?? layer;
  const clone = layer.clone({});
  layerOwners.set(layer, { overlay, clone });
  return clone;
}

export function MapView(): React.JSX.Element {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const overlayRef = useRef<MapLibreOverlay | null>(null);
  const iconsRef = useRef<IconAtlas | null>(null);
  const [zoom, setZoom] = useState(SCENARIO_ZOOM);
  const [countryLabels, setCountryLabels] = useState<CountryLabel[]>([]);
  const dataset = useStore((s) => s.dataset);
  const visible = useStore((s) => s.layers);
  const selection = useStore((s) => s.selection);
  const styleUrl = useStore((s) => s.styleUrl);
  const period = useStore((s) => s.period);
  const selectionShape = useStore((s) => s.selectionShape);
  const flyTo = useStore((s) => s.flyTo);
  const filtered = useFiltered();
  const [draftRing, setDraftRing] = useState<[number, number][] | null>(null);
  const analysisLayers = useAnalysisLayers();
  const threatLayers = useThreatLayers();
  const plannerLayers = usePlannerLayers();

  useEffect(() => {
    if (!container.current) return;
    const map = new maplibregl.Map({
      container: container.current,
      style: userStyleOrDefault(styleUrl ?? undefined, BASE),
      center: [getState().view.lon, getState().view.lat],
      zoom: getState().view.zoom,
      attributionControl: { compact: true, customAttribution: 'Natural Earth · GeoNames (CC BY 4.0)' },
      canvasContextAttributes: { preserveDrawingBuffer: import.meta.env.MODE === 'e2e', antialias: true },
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
    const overlay = new MapLibreOverlay({ interleaved: true, layers: [] });
    map.addControl(overlay);
    map.on('zoomend', () => setZoom(map.getZoom()));
    // A tooltip would otherwise stay where the pointer was when the map flew elsewhere.
    map.on('movestart', () => actions.hover(null));
    map.on('moveend', () => {
      const c = map.getCenter();
      actions.setView({ lon: c.lng, lat: c.lat, zoom: map.getZoom() });
    });
    const detachDrawing = attachDrawing(map, setDraftRing);
    const detachPlanner = attachPlannerInteraction(map);
    mapRef.current = map;
    overlayRef.current = overlay;
    iconsRef.current = buildIconAtlas();
    exposeTestHooks(map);
    // Country names are basemap context, drawn by deck.gl like every other label (no glyph server).
    loadCountryLabels(BASE).then(setCountryLabels, () => setCountryLabels([]));
    return () => {
      detachDrawing();
      detachPlanner();
      map.remove();
      mapRef.current = null;
      overlayRef.current = null;
    };
  }, [styleUrl]);

  useEffect(() => {
    const overlay = overlayRef.current;
    const icons = iconsRef.current;
    if (!overlay || !icons || !dataset) return;
    const onHover = (info: PickingInfo): void => {
      const text = info.picked ? hoverText(dataset, info.layer?.id ?? '', info.index, info.object) : null;
      actions.hover(text ? { x: info.x, y: info.y, text } : null);
    };
    const onClick = (info: PickingInfo): void => {
      if (getState().drawMode) return; // clicks draw the selection shape
      const id = info.layer?.id;
      if (id === 'incidents') actions.select({ kind: 'incident', index: info.index });
      else if (id === 'presences') actions.select({ kind: 'presence', index: info.index });
      else if (id === 'sites') actions.select({ kind: 'site', index: info.index });
    };
    const fresh = (ls: Layer[]): Layer[] => ls.map((l) => layerFor(l, overlay));
    overlay.setProps({ layers: [...fresh(analysisLayers), ...fresh(threatLayers), ...buildLayers({
      dataset, visible, zoom, selection, icons, countryLabels, onHover, onClick,
      maskNoPeriod: filtered?.maskNoPeriod ?? null,
      period,
      selectionRing: selectionShape ? shapeRing(selectionShape) : null,
      draftRing,
    }), ...fresh(plannerLayers)] });
    mapRef.current?.triggerRepaint();
  }, [dataset, visible, zoom, selection, styleUrl, countryLabels, filtered, period, selectionShape, draftRing, analysisLayers, threatLayers, plannerLayers]);

  useEffect(() => {
    // Offset left of centre: the detail card opens over the map's right half.
    if (flyTo) mapRef.current?.flyTo({ center: [flyTo.lon, flyTo.lat], zoom: flyTo.zoom, duration: 800, offset: [-150, 0] });
  }, [flyTo]);

  return <div ref={container} className="map" role="region" aria-label="Map of incidents, presences, patrol ranges and areas of responsibility" />;
}
