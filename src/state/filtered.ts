/**
 * The filtered view of the incidents, derived from the store (dataset, filter, period) and
 * memoised on their identities: every view reads the same mask, so the map's count, the
 * table, the timeline and the charts always agree.
 */
import { applyFilter, maskToIndices } from '../filter/incidentFilter.ts';
import { dayExtent, type DayRange } from '../filter/aggregate.ts';
import type { AppState } from './store.ts';
import { useStore } from './store.ts';

export interface Filtered {
  /** Incidents passing every filter except the period (the timeline's input). */
  maskNoPeriod: Uint8Array;
  /** Incidents passing every filter, period included. */
  mask: Uint8Array;
  count: number;
  indices: Uint32Array;
  /** First and latest incident day of the dataset. */
  extent: DayRange;
  /** Bumped on every recomputation, for components that memoise on it. */
  version: number;
}

let last: { dataset: AppState['dataset']; filter: AppState['filter']; period: AppState['period']; result: Filtered } | null = null;
let version = 0;

export function filteredOf(s: AppState): Filtered | null {
  const { dataset, filter, period } = s;
  if (!dataset) return null;
  if (last && last.dataset === dataset && last.filter === filter && last.period === period) return last.result;
  const t = dataset.incidents;
  const noPeriod = applyFilter(t, filter, { ignorePeriod: true });
  const mask = new Uint8Array(t.length);
  let count = 0;
  if (period) {
    for (let i = 0; i < t.length; i++) {
      const ok = noPeriod.mask[i]! && t.day[i]! >= period.startDay && t.day[i]! <= period.endDay ? 1 : 0;
      mask[i] = ok;
      count += ok;
    }
  } else {
    mask.set(noPeriod.mask);
    count = noPeriod.count;
  }
  const extent = last?.dataset === dataset ? last.result.extent : (dayExtent(t, null) ?? { startDay: 0, endDay: 0 });
  const result: Filtered = { maskNoPeriod: noPeriod.mask, mask, count, indices: maskToIndices(mask, count), extent, version: ++version };
  last = { dataset, filter, period, result };
  return result;
}

export function useFiltered(): Filtered | null {
  return useStore(filteredOf);
}
