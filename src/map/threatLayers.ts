/** deck.gl layers for the threat register: threat areas, early-warning alerts, review flags. */
import type { Layer } from '@deck.gl/core';

export function useThreatLayers(): Layer[] {
  return [];
}
