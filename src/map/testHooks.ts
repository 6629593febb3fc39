/**
 * Hooks for the end-to-end tests, present only in the `e2e` build mode: project a
 * coordinate to a canvas pixel and read pixels back, so tests can check that what
 * should be drawn is drawn.
 */
import type * as maplibregl from 'maplibre-gl';

export interface PocTestHooks {
  project(lon: number, lat: number): [number, number];
  unproject(x: number, y: number): [number, number];
  /** RGBA at CSS pixel (x, y) of the map canvas. */
  pixel(x: number, y: number): [number, number, number, number];
  idle(): Promise<void>;
}

declare global {
  interface Window {
    __poc?: PocTestHooks;
  }
}

export function exposeTestHooks(map: maplibregl.Map): void {
  if (import.meta.env.MODE !== 'e2e') return;
  window.__poc = {
    project(lon, lat) {
      const p = map.project([lon, lat]);
      return [p.x, p.y];
    },
    unproject(x, y) {
      const ll = map.unproject([x, y]);
      return [ll.lng, ll.lat];
    },
    pixel(x, y) {
      const canvas = map.getCanvas();
      const scale = canvas.width / canvas.clientWidth;
      const c = document.createElement('canvas');
      c.width = canvas.width;
      c.height = canvas.height;
      const ctx = c.getContext('2d');
      if (!ctx) throw new Error('no 2D context');
      ctx.drawImage(canvas, 0, 0);
      const d = ctx.getImageData(Math.round(x * scale), Math.round(y * scale), 1, 1).data;
      return [d[0]!, d[1]!, d[2]!, d[3]!];
    },
    idle() {
      return new Promise((resolve) => {
        map.triggerRepaint();
        map.once('idle', () => resolve());
      });
    },
  };
}
