/** App-wide keyboard shortcuts for panels and tools (playback keys live with Playback). */
import { useEffect } from 'react';
import { actions, getState } from '../state/store.ts';

export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['F', 'filters panel'],
  ['T', 'incident table'],
  ['C', 'charts'],
  ['A', 'analysis (hotspots, ranges)'],
  ['R', 'threat register'],
  ['G', 'force planner (coverage, gaps)'],
  ['L', 'layers panel'],
  ['B', 'leadership briefing'],
  ['P', 'select by polygon'],
  ['O', 'select by circle'],
  ['Space', 'play / pause the period'],
  ['← →', 'step the period back / forward'],
  ['Esc', 'close details, cancel drawing'],
];

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
      const k = e.key.toLowerCase();
      if (k === 'f') actions.openPanel('filters');
      else if (k === 't') actions.openPanel('table');
      else if (k === 'c') actions.openPanel('charts');
      else if (k === 'a') actions.openPanel('analysis');
      else if (k === 'r') actions.openPanel('threats');
      else if (k === 'g') actions.openPanel('planner');
      else if (k === 'l') document.body.classList.toggle('layers-hidden');
      else if (k === 'b') actions.showScreen(getState().screen === 'briefing' ? 'map' : 'briefing');
      else if (k === 'p') actions.setDrawMode('polygon');
      else if (k === 'o') actions.setDrawMode('circle');
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
