/**
 * deck.gl layers for the threat register, drawn by MapView under the incidents:
 *   - threat areas, outlined by their flag (requires mission action: wine, solid;
 *     capability gap: black, dashed; below the high-risk threshold: grey, thin) and
 *     labelled with their rank (T1, T2 …) in a pill above the area's northernmost corner;
 *     the selected threat is drawn thicker and tinted;
 *   - early-warning alert areas (AORs and threat areas), tinted by level (red, amber) and
 *     outlined (red solid, amber dashed, so the level never rests on colour alone);
 *   - after-action-review flags: a ring around every incident that needs a review
 *     (solid red), or may need one when its location is imprecise (thinner orange, larger),
 *     where the map shows the incident (filters and period apply) and from zoom 7 in.
 * Alerts and review flags are drawn only while the Threats panel is open: they are working
 * layers for the analyst, and a ring on every casualty near a base would bury the map for
 * everyone else. Threat areas stay on the map while their switch is on.
 * Colours are exported for the panel's legend.
 */
import { useMemo } from 'react';
import { PathLayer, ScatterplotLayer, SolidPolygonLayer, TextLayer } from '@deck.gl/layers';
import { PathStyleExtension, type PathStyleExtensionProps } from '@deck.gl/extensions';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { Dataset } from '../io/dataset.ts';
import type { Ring } from '../threats/model.ts';
import type { AlertLevel } from '../threats/earlyWarning.ts';
import type { AarStatus } from '../threats/aar.ts';
import { actions, useStore } from '../state/store.ts';
import { useFiltered } from '../state/filtered.ts';
import {
  aarOf, earlyWarningOf, geometryRings, rankingOf, threatActions, useThreats, type RegisterDoc, type ThreatMapSwitches,
} from '../state/threats.ts';
import type { RGB } from './palette.ts';

export type ThreatFlag = 'action' | 'gap' | 'below';
export const THREAT_AREA_COLOURS: Readonly<Record<ThreatFlag, RGB>> = {
  action: [136, 34, 85], // wine: high risk within reach, the mission must act
  gap: [20, 20, 20], // black, dashed: high risk that no presence reaches
  below: [95, 95, 95], // grey: below the high-risk threshold
};
export const THREAT_AREA_DASH: Readonly<Record<ThreatFlag, [number, number]>> = { action: [0, 0], gap: [7, 4], below: [0, 0] };
export const ALERT_COLOURS: Readonly<Record<Exclude<AlertLevel, 'none'>, RGB>> = { red: [200, 30, 30], amber: [222, 140, 0] };
export const ALERT_FILL_ALPHA = 60;
export const REVIEW_COLOURS: Readonly<Record<AarStatus, RGB>> = { review_required: [200, 0, 0], possible_location_imprecise: [222, 120, 0] };

type RGBA = [number, number, number, number];
const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';
const dash = new PathStyleExtension({ dash: true });

interface AreaPath { id: string; path: Ring; flag: ThreatFlag; selected: boolean }
interface AreaLabel { id: string; rank: number; title: string; score: number; flag: ThreatFlag; position: [number, number]; offset: [number, number]; selected: boolean }
interface AlertShape { id: string; name: string; level: 'red' | 'amber'; polygon: Ring[]; text: string }
interface AlertPath { level: 'red' | 'amber'; path: Ring }
interface ReviewFlag { position: [number, number]; status: AarStatus; text: string }

function hover(info: PickingInfo, text: (o: unknown) => string): void {
  actions.hover(info.picked && info.object ? { x: info.x, y: info.y, text: text(info.object) } : null);
}

/** Polygons with holes, from GeoJSON (the alert fill respects an AOR's holes). */
function polygonsOf(g: GeoJSON.Polygon | GeoJSON.MultiPolygon): Ring[][] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.map((p) => p.map((r) => r.map((c): [number, number] => [c[0]!, c[1]!])));
}

/**
 * Where a threat's rank label goes: just above the northernmost corner of its largest part.
 * Not the centre: hotspots often centre on a base, whose symbol (drawn above these layers)
 * would hide the label.
 */
export function labelPoint(rings: readonly Ring[]): [number, number] | null {
  let best: Ring | null = null, size = -1;
  for (const r of rings) {
    let w = Infinity, e = -Infinity, s = Infinity, n = -Infinity;
    for (const [x, y] of r) { w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y); }
    if (r.length >= 3 && (e - w) * (n - s) > size) { size = (e - w) * (n - s); best = r; }
  }
  if (!best) return null;
  let top = best[0]!;
  for (const p of best) if (p[1] > top[1]) top = p;
  return [top[0], top[1]];
}

/**
 * Review flags are drawn from this zoom in: most reviews are within 10 km of a base, and
 * further out their rings merge into one red blob that hides the base.
 */
export const REVIEW_FLAGS_MIN_ZOOM = 7;

export interface ThreatLayerInput {
  dataset: Dataset;
  /** Incidents the map shows (filters and period), or null for all. */
  shown: Uint8Array | null;
  zoom: number;
  register: RegisterDoc;
  switches: ThreatMapSwitches;
  selectedId: string | null;
  panelOpen: boolean;
}

export function buildThreatLayers(p: ThreatLayerInput): Layer[] {
  const { dataset: d, register: reg, switches, selectedId } = p;
  const layers: Layer[] = [];
  const t = d.incidents;

  if (p.panelOpen && switches.alerts) {
    const ew = earlyWarningOf(d, reg);
    const shapes: AlertShape[] = [];
    const paths: AlertPath[] = [];
    for (const a of ew.alerts) {
      if (a.level === 'none') continue;
      const geom = a.kind === 'aor'
        ? d.aors.find((x) => `aor:${x.id}` === a.areaId)?.geometry
        : reg.threats.find((x) => `threat:${x.id}` === a.areaId)?.area;
      if (!geom) continue;
      const polys = 'kind' in geom ? geom.rings.map((r) => [r]) : polygonsOf(geom);
      for (const poly of polys) shapes.push({ id: a.areaId, name: a.name, level: a.level, polygon: poly, text: a.reason.text });
      for (const r of 'kind' in geom ? geom.rings : geometryRings(geom)) paths.push({ level: a.level, path: r });
    }
    layers.push(
      new SolidPolygonLayer<AlertShape>({
        id: 'threat-alert-fill',
        data: shapes,
        getPolygon: (s) => s.polygon,
        getFillColor: (s): RGBA => [...ALERT_COLOURS[s.level], ALERT_FILL_ALPHA],
      }),
      new PathLayer<AlertPath, PathStyleExtensionProps<AlertPath>>({
        id: 'threat-alert-outline',
        data: paths,
        getPath: (s) => s.path,
        getColor: (s): RGBA => [...ALERT_COLOURS[s.level], 230],
        getWidth: 2.5,
        widthUnits: 'pixels',
        getDashArray: (s) => (s.level === 'amber' ? [5, 3] : [0, 0]),
        extensions: [dash],
      }),
    );
  }

  if (switches.areas) {
    const ranking = rankingOf(d, reg);
    const paths: AreaPath[] = [];
    const labels: AreaLabel[] = [];
    for (const r of ranking.ranked) {
      const f = r.result.flags;
      const flag: ThreatFlag = f.capabilityGap ? 'gap' : f.requiresMissionAction ? 'action' : 'below';
      const selected = r.threat.id === selectedId;
      for (const ring of r.threat.area.rings) paths.push({ id: r.threat.id, path: ring, flag, selected });
      const top = labelPoint(r.threat.area.rings);
      if (!top) continue;
      // Labels of threats sharing a top corner (overlapping hotspots) sit side by side.
      const same = labels.filter((l) => Math.abs(l.position[0] - top[0]) < 0.05 && Math.abs(l.position[1] - top[1]) < 0.05).length;
      labels.push({ id: r.threat.id, rank: r.rank, title: r.threat.title, score: r.result.score, flag, position: top, offset: [same * 30, -4], selected });
    }
    const selectedRings = paths.filter((x) => x.selected).map((x) => x.path);
    layers.push(
      new SolidPolygonLayer<Ring>({
        id: 'threat-area-selected',
        data: selectedRings,
        getPolygon: (r) => r,
        getFillColor: [255, 214, 0, 55],
      }),
      new PathLayer<AreaPath>({
        id: 'threat-area-halo',
        data: paths,
        getPath: (a) => a.path,
        getColor: [255, 255, 255, 200],
        getWidth: (a) => (a.selected ? 8 : a.flag === 'below' ? 4 : 6),
        widthUnits: 'pixels',
        updateTriggers: { getWidth: selectedId },
      }),
      new PathLayer<AreaPath, PathStyleExtensionProps<AreaPath>>({
        id: 'threat-area-outline',
        data: paths,
        getPath: (a) => a.path,
        getColor: (a): RGBA => [...THREAT_AREA_COLOURS[a.flag], 240],
        getWidth: (a) => (a.selected ? 5 : a.flag === 'below' ? 1.8 : 3),
        widthUnits: 'pixels',
        getDashArray: (a) => THREAT_AREA_DASH[a.flag],
        extensions: [dash],
        updateTriggers: { getWidth: selectedId },
      }),
      new TextLayer<AreaLabel>({
        id: 'threat-area-labels',
        data: labels,
        getPosition: (l) => l.position,
        getText: (l) => `T${l.rank}`,
        getSize: (l) => (l.selected ? 14 : 12),
        getColor: (l): RGBA => [...THREAT_AREA_COLOURS[l.flag], 255],
        fontFamily: FONT,
        fontWeight: 'bold',
        characterSet: 'T0123456789',
        getTextAnchor: 'middle',
        getAlignmentBaseline: 'bottom',
        getPixelOffset: (l) => l.offset,
        background: true,
        getBackgroundColor: (l): RGBA => (l.selected ? [255, 214, 0, 250] : [255, 255, 255, 245]),
        getBorderColor: (l): RGBA => [...THREAT_AREA_COLOURS[l.flag], 255],
        getBorderWidth: 2,
        backgroundPadding: [4, 1],
        backgroundBorderRadius: 8,
        pickable: true,
        onHover: (info) => hover(info, (o) => {
          const l = o as AreaLabel;
          return `Threat T${l.rank}: ${l.title} — risk ${l.score.toFixed(1)}`;
        }),
        onClick: (info) => {
          const l = info.object as AreaLabel | undefined;
          if (!l) return;
          threatActions.select(l.id);
          threatActions.setView('register');
          if (!p.panelOpen) actions.openPanel('threats');
        },
        updateTriggers: { getSize: selectedId, getBackgroundColor: selectedId },
      }),
    );
  }

  if (p.panelOpen && switches.reviews && p.zoom >= REVIEW_FLAGS_MIN_ZOOM) {
    const aar = aarOf(d, reg.aar);
    const flags: ReviewFlag[] = [];
    // Imprecise first, so the solid red rings of required reviews are drawn on top.
    for (const r of [...aar.possible, ...aar.reviewRequired]) {
      if (p.shown && !p.shown[r.index]) continue; // a ring only where the map shows the incident
      const lon = t.lon[r.index]!, lat = t.lat[r.index]!;
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
      const what = r.status === 'review_required' ? 'After-action review required' : 'Review possibly required (location imprecise)';
      flags.push({
        position: [lon, lat], status: r.status,
        text: `${what}: ${r.incidentId}, ${r.date}, ${r.killed} killed, ${r.injured} injured — ${r.distanceKm.toFixed(1)} km from ${r.presenceName}`,
      });
    }
    layers.push(new ScatterplotLayer<ReviewFlag>({
      id: 'threat-review-flags',
      data: flags,
      getPosition: (f) => f.position,
      getRadius: (f) => (f.status === 'review_required' ? 8 : 11),
      radiusUnits: 'pixels',
      filled: false,
      stroked: true,
      getLineColor: (f): RGBA => [...REVIEW_COLOURS[f.status], f.status === 'review_required' ? 255 : 200],
      getLineWidth: (f) => (f.status === 'review_required' ? 2.5 : 1.5),
      lineWidthUnits: 'pixels',
      pickable: true,
      onHover: (info) => hover(info, (o) => (o as ReviewFlag).text),
    }));
  }
  return layers;
}

export function useThreatLayers(): Layer[] {
  const dataset = useStore((s) => s.dataset);
  const filtered = useFiltered();
  const shown = filtered?.mask ?? null;
  // Only whether the review flags are drawn depends on the zoom: do not rebuild on every zoom step.
  const closeIn = useStore((s) => s.view.zoom >= REVIEW_FLAGS_MIN_ZOOM);
  const panelOpen = useStore((s) => s.panel === 'threats' && s.screen === 'map');
  const register = useThreats((s) => s.register);
  const switches = useThreats((s) => s.switches);
  const selectedId = useThreats((s) => s.selectedId);
  return useMemo(
    () => (dataset ? buildThreatLayers({ dataset, shown, zoom: closeIn ? REVIEW_FLAGS_MIN_ZOOM : 0, register, switches, selectedId, panelOpen }) : []),
    [dataset, shown, closeIn, register, switches, selectedId, panelOpen],
  );
}
