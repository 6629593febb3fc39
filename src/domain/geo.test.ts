import { describe, expect, it } from 'vitest';
import { destination, distanceKm, geodesicCircle } from './geo.ts';

describe('geo', () => {
  it('one degree of latitude is ~111.2 km on the mean sphere', () => {
    expect(distanceKm(0, 0, 0, 1)).toBeCloseTo(111.195, 2);
  });
  it('destination then distance round-trips, across the antimeridian too', () => {
    for (const [lon, lat] of [[25, 5], [179.9, -0.5], [-179.9, 10]] as const) {
      for (const b of [0, 45, 90, 200, 315]) {
        const [x, y] = destination(lon, lat, 75, b);
        expect(distanceKm(lon, lat, x, y)).toBeCloseTo(75, 6);
        expect(x).toBeGreaterThanOrEqual(-180);
        expect(x).toBeLessThan(180);
      }
    }
  });
  it('geodesic circle vertices all lie at the radius and the ring is closed', () => {
    const ring = geodesicCircle(179.95, 3, 50, 64);
    expect(ring).toHaveLength(65);
    expect(ring[0]).toEqual(ring[64]);
    for (const [x, y] of ring) expect(distanceKm(179.95, 3, x, y)).toBeCloseTo(50, 6);
    // Continuous longitudes: no jump of more than a degree between neighbours.
    for (let i = 1; i < ring.length; i++) expect(Math.abs(ring[i]![0] - ring[i - 1]![0])).toBeLessThan(1);
  });
});
