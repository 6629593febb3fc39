/**
 * Small shared pieces of the analyst views: element size (ResizeObserver), number and date
 * formatting, and label look-ups. No state beyond the hook's own.
 */
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { isoFromDay } from '../../domain/incidents.ts';
import { THREAT_GROUPS } from '../../domain/taxonomy.ts';
import { THREAT_GROUP_COLOURS, rgbCss } from '../../map/palette.ts';

export interface Size {
  width: number;
  height: number;
}

/**
 * Content-box size of an element, following it with a ResizeObserver. Put the measured
 * element's drawn children in absolute position (or give them fixed sizes) so they cannot
 * feed back into the measurement.
 */
export function useElementSize<T extends HTMLElement>(): [RefObject<T | null>, Size] {
  const ref = useRef<T>(null);
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const set = (w: number, h: number): void => {
      const width = Math.floor(w), height = Math.floor(h);
      setSize((s) => (s.width === width && s.height === height ? s : { width, height }));
    };
    set(el.clientWidth, el.clientHeight);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const e = entries[entries.length - 1];
      if (e) set(e.contentRect.width, e.contentRect.height);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, size];
}

const NF = new Intl.NumberFormat('en');
export const fmt = (n: number): string => NF.format(n);

/** "+12 %", "−8 %", "0 %" (SI spacing, real minus sign). */
export function fmtPct(p: number): string {
  const r = Math.round(p);
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${NF.format(Math.abs(r))} %`;
}

export const isoDay = isoFromDay;

export function fmtRange(r: { startDay: number; endDay: number }): string {
  return r.startDay === r.endDay ? isoFromDay(r.startDay) : `${isoFromDay(r.startDay)} – ${isoFromDay(r.endDay)}`;
}

export function groupColour(group: number, alpha = 1): string {
  const g = THREAT_GROUPS[group] ?? THREAT_GROUPS[THREAT_GROUPS.length - 1]!;
  return rgbCss(THREAT_GROUP_COLOURS[g.id], alpha);
}

export function labelOf(table: readonly { label: string }[], code: number): string {
  return table[code]?.label ?? `#${code}`;
}

const TEXT_ENTRY = 'textarea, [contenteditable=""], [contenteditable="true"], input:not([type]), input[type="text"], input[type="search"], input[type="number"], input[type="email"], input[type="url"], input[type="tel"], input[type="password"], input[type="date"]';

/**
 * True when the focused element uses `key` itself, so an app-wide shortcut must not:
 * text entry uses every key; selects, radios, sliders, grids and lists use the arrows;
 * buttons, checkboxes, radios and summaries are activated by Space.
 */
export function targetUsesKey(target: EventTarget | null, key: 'space' | 'arrows'): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest(TEXT_ENTRY)) return true;
  if (key === 'arrows') return !!target.closest('select, input[type="radio"], input[type="range"], [role="grid"], [role="listbox"], [role="slider"], [role="tablist"], [role="menu"], [role="radiogroup"]');
  return !!target.closest('button, select, summary, input[type="checkbox"], input[type="radio"], [role="button"], [role="checkbox"], [role="grid"]');
}

/** Width of a bar inside `.an-bar-track`, leaving room after it for the value label. */
export function barWidth(ratio: number): string {
  const r = Number.isFinite(ratio) ? Math.max(0, Math.min(1, ratio)) : 0;
  return `calc((100% - 48px) * ${r.toFixed(4)})`;
}
