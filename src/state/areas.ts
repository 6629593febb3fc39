/**
 * "Where" for charts and profiles: each incident's nearest settlement (within 50 km,
 * else none), computed once per dataset with a geodesic k-d tree.
 */
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import type { Dataset } from '../io/dataset.ts';
import type { AreaLabels } from '../filter/aggregate.ts';

const MAX_KM = 50;
const cache = new WeakMap<Dataset, AreaLabels>();

export function nearestSettlementAreas(d: Dataset): AreaLabels {
  const hit = cache.get(d);
  if (hit) return hit;
  const s = d.settlements;
  const index = new KDBush(Math.max(1, s.length));
  for (const x of s) index.add(x.lon, x.lat);
  index.finish();
  const t = d.incidents;
  const areaOf = new Int32Array(t.length).fill(-1);
  if (s.length) {
    for (let i = 0; i < t.length; i++) {
      const [nearest] = around(index, t.lon[i]!, t.lat[i]!, 1, MAX_KM);
      if (nearest !== undefined) areaOf[i] = nearest;
    }
  }
  const areas = { areaOf, areaNames: s.map((x) => x.name) };
  cache.set(d, areas);
  return areas;
}
