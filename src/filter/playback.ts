/**
 * Time playback: stepping the period window through the data's extent, day by day, week
 * by week or month by month. Pure functions of (window, step, extent); the Playback
 * component owns the timer.
 *
 * Rules (all days inclusive, days since 1970-01-01 UTC):
 * - A window keeps its length. Day steps move it 1 day, week steps 7 days.
 * - Month steps move by calendar months. A window made of whole calendar months (starts on
 *   a 1st, ends on a month's last day) stays whole months: March → April, Q1 → Feb–Apr.
 *   Any other window moves its start to the same day of the next month (clamped: Jan 31
 *   → Feb 28/29; repeated steps can drift to the 28th) and keeps its length in days.
 * - At the ends it STOPS, it does not wrap: a forward step is possible only while the
 *   window ends before the extent's end; the step that would pass the end lands exactly
 *   on it (same length, so the last step is shorter), except whole-month windows, which
 *   keep their calendar months and may reach past the last incident. When no step is
 *   possible the functions return null (the player pauses). Backwards mirrors this.
 */
import { addMonths, endOfMonth, startOfMonth, startOfWeek } from './aggregate.ts';

export type PlaybackStep = 'day' | 'week' | 'month';
export interface DayWindow {
  startDay: number;
  endDay: number;
}

export function windowLength(w: DayWindow): number {
  return w.endDay - w.startDay + 1;
}

/** True when the window is a run of whole calendar months. */
export function isWholeMonths(w: DayWindow): boolean {
  return w.endDay >= w.startDay && startOfMonth(w.startDay) === w.startDay && endOfMonth(w.endDay) === w.endDay;
}

function monthsSpanned(w: DayWindow): number {
  let n = 1;
  for (let s = w.startDay; endOfMonth(s) < w.endDay; s = addMonths(s, 1)) n++;
  return n;
}

function shift(w: DayWindow, step: PlaybackStep, dir: 1 | -1): DayWindow {
  if (step === 'day' || step === 'week') {
    const d = (step === 'day' ? 1 : 7) * dir;
    return { startDay: w.startDay + d, endDay: w.endDay + d };
  }
  if (isWholeMonths(w)) {
    const startDay = addMonths(w.startDay, dir);
    return { startDay, endDay: endOfMonth(addMonths(startDay, monthsSpanned(w) - 1)) };
  }
  const startDay = addMonths(w.startDay, dir);
  return { startDay, endDay: startDay + windowLength(w) - 1 };
}

/** The window one step later, or null at the end of the extent (playback stops). */
export function nextWindow(w: DayWindow, step: PlaybackStep, extent: DayWindow): DayWindow | null {
  if (w.endDay >= extent.endDay) return null;
  const n = shift(w, step, 1);
  if (n.endDay > extent.endDay && !(step === 'month' && isWholeMonths(w))) {
    return { startDay: extent.endDay - windowLength(w) + 1, endDay: extent.endDay };
  }
  return n;
}

/** The window one step earlier, or null at the start of the extent. */
export function prevWindow(w: DayWindow, step: PlaybackStep, extent: DayWindow): DayWindow | null {
  if (w.startDay <= extent.startDay) return null;
  const p = shift(w, step, -1);
  if (p.startDay < extent.startDay && !(step === 'month' && isWholeMonths(w))) {
    return { startDay: extent.startDay, endDay: extent.startDay + windowLength(w) - 1 };
  }
  return p;
}

/**
 * The window playback starts from when no period is set: a 7-day window for day steps
 * (a sliding week), the Monday–Sunday week for week steps, the calendar month for month
 * steps — each containing the extent's first day.
 */
export function initialWindow(extent: DayWindow, step: PlaybackStep): DayWindow {
  if (step === 'day') return { startDay: extent.startDay, endDay: extent.startDay + 6 };
  if (step === 'week') { const s = startOfWeek(extent.startDay); return { startDay: s, endDay: s + 6 }; }
  const s = startOfMonth(extent.startDay);
  return { startDay: s, endDay: endOfMonth(s) };
}

/** The same window moved back to the extent's start (whole months stay whole months): "play again". */
export function rewindWindow(w: DayWindow, extent: DayWindow): DayWindow {
  if (isWholeMonths(w)) {
    const s = startOfMonth(extent.startDay);
    return { startDay: s, endDay: endOfMonth(addMonths(s, monthsSpanned(w) - 1)) };
  }
  return { startDay: extent.startDay, endDay: extent.startDay + windowLength(w) - 1 };
}
