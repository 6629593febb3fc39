/**
 * deck.gl layers that draw analysis results (density, hotspots, Gi*, emerging hotspots,
 * coverage gaps). MapView draws whatever this hook returns, under the incidents.
 */
import type { Layer } from '@deck.gl/core';

export function useAnalysisLayers(): Layer[] {
  return [];
}
