import { describe, expect, it } from 'vitest';
import { distanceKm, EARTH_RADIUS_KM } from '../domain/geo.ts';
import { dataCentre, projectLaea, projectPointLaea, unprojectLaea } from './projection.ts';
import { cellCentresLonLat, cellIndexOfLonLat, gridAround } from './grid.ts';
import { randomLonLat } from './testing.ts';

describe('projection (LAEA about the data centre)', () => {
  it('data centre is right across the antimeridian', () => {
    const c = dataCentre([179, -179, 179.5, -179.5], [1, -1, 0, 0]);
    expect(Math.abs(Math.abs(c.lon0) - 180)).toBeLessThan(1e-9);
    expect(c.lat0).toBeCloseTo(0, 9);
  });
  it('round-trips lon/lat, across the antimeridian and the equator', () => {
    const p = { lon0: 179.5, lat0: 0.5 };
    const { lon, lat } = randomLonLat(2000, 1, 170, -10, 190, 10);
    const xy = projectLaea(p, lon, lat);
    const back = unprojectLaea(p, xy.x, xy.y);
    for (let i = 0; i < lon.length; i++) {
      let dl = back.lon[i]! - lon[i]!;
      if (dl > 180) dl -= 360;
      if (dl < -180) dl += 360;
      expect(Math.abs(dl)).toBeLessThan(1e-9);
      expect(Math.abs(back.lat[i]! - lat[i]!)).toBeLessThan(1e-9);
    }
  });
  it('is azimuthal: radius = 2R·sin(c/2), c the great-circle angle to the centre', () => {
    const p = { lon0: 22, lat0: 6 };
    const { lon, lat } = randomLonLat(500, 2, 10, -5, 35, 15);
    const xy = projectLaea(p, lon, lat);
    for (let i = 0; i < lon.length; i++) {
      const c = distanceKm(p.lon0, p.lat0, lon[i]!, lat[i]!) / EARTH_RADIUS_KM;
      expect(Math.hypot(xy.x[i]!, xy.y[i]!)).toBeCloseTo(2 * EARTH_RADIUS_KM * Math.sin(c / 2), 6);
    }
  });
  it('is equal-area: a disc of radius ρ has the area of its spherical cap', () => {
    // Cap of angular radius c: 2πR²(1 − cos c); its LAEA image is a disc of radius 2R·sin(c/2).
    for (const c of [0.01, 0.1, 0.5]) {
      const rho = 2 * EARTH_RADIUS_KM * Math.sin(c / 2);
      expect(Math.PI * rho * rho).toBeCloseTo(2 * Math.PI * EARTH_RADIUS_KM ** 2 * (1 - Math.cos(c)), 3);
    }
  });
  it('north is up near the centre', () => {
    const [x, y] = projectPointLaea({ lon0: 20, lat0: 5 }, 20, 6);
    expect(Math.abs(x)).toBeLessThan(1e-9);
    expect(y).toBeCloseTo(distanceKm(20, 5, 20, 6), 2);
  });
});

describe('grid', () => {
  it('cell index and cell centres agree', () => {
    const p = { lon0: 25, lat0: 5 };
    const { lon, lat } = randomLonLat(300, 3, 22, 2, 28, 8);
    const xy = projectLaea(p, lon, lat);
    const g = gridAround(p, xy.x, xy.y, { cellKm: 10, padKm: 5 });
    const idx = cellIndexOfLonLat(g, lon, lat);
    const centres = cellCentresLonLat(g);
    for (let i = 0; i < lon.length; i++) {
      const k = idx[i]!;
      expect(k).toBeGreaterThanOrEqual(0);
      // The point lies within half a cell diagonal of its cell's centre (≈ 7.07 km, + projection scale < 0.1 %).
      expect(distanceKm(lon[i]!, lat[i]!, centres.lon[k]!, centres.lat[k]!)).toBeLessThan(7.08);
    }
    expect(cellIndexOfLonLat(g, [100], [50])[0]).toBe(-1);
    expect(cellIndexOfLonLat(g, [Number.NaN], [5])[0]).toBe(-1);
  });
  it('default grid has maxCells along the longer side', () => {
    const g = gridAround({ lon0: 0, lat0: 0 }, [0, 100], [0, 50], { maxCells: 64 });
    expect(g.nx).toBe(64);
    expect(g.ny).toBe(32);
  });
});
