/**
 * Playback: plays the period window through time (play/pause, step back/forward, step
 * size, speed). Window arithmetic is `filter/playback.ts`; this module owns the timer.
 *
 * `usePlaybackController` holds the state; `<Playback>` draws the controls for it (and
 * creates one itself when not given `controller`). `usePlaybackKeys(controller)` binds
 * Space = play/pause and ←/→ = step on `window`; mount it once where the shortcuts should
 * work app-wide, or pass `keyboard` to <Playback>. A key is left alone when the focused
 * element uses it: text fields (all keys), selects / radios / the incident table (arrows),
 * buttons and checkboxes (Space activates them — so after clicking ▶ Space still toggles).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DayRange } from '../../filter/aggregate.ts';
import { initialWindow, nextWindow, prevWindow, rewindWindow, windowLength, type PlaybackStep } from '../../filter/playback.ts';
import { fmtRange, targetUsesKey } from './util.ts';
import './analyst.css';

export interface PlaybackProps {
  period: DayRange | null;
  /** Day range of the data; playback stops at its ends. */
  extent: DayRange;
  onPeriodChange(period: DayRange): void;
}

export type PlaybackSpeed = 1 | 2 | 4;

export interface PlaybackController {
  playing: boolean;
  step: PlaybackStep;
  speed: PlaybackSpeed;
  /** Whether a step is possible in each direction from the current period. */
  canBack: boolean;
  canForward: boolean;
  toggle(): void;
  stop(): void;
  /** One step; returns false (and pauses) at the end. */
  stepBy(dir: 1 | -1): boolean;
  setStep(step: PlaybackStep): void;
  setSpeed(speed: PlaybackSpeed): void;
}

const STEPS: readonly PlaybackStep[] = ['day', 'week', 'month'];
const SPEEDS: readonly PlaybackSpeed[] = [1, 2, 4];

export function usePlaybackController({ period, extent, onPeriodChange }: PlaybackProps): PlaybackController {
  const [playing, setPlaying] = useState(false);
  const [step, setStep] = useState<PlaybackStep>('week');
  const [speed, setSpeed] = useState<PlaybackSpeed>(1);
  // The window last shown: the prop when the parent has caught up, else what we emitted
  // (so ticks advance even if the parent re-renders slower than the timer).
  const current = useRef<DayRange | null>(period);
  const playingRef = useRef(false);
  const setPlay = useCallback((on: boolean) => { playingRef.current = on; setPlaying(on); }, []);
  useEffect(() => {
    current.current = period;
    // The period cleared elsewhere ("All", chip removed) while playing: stop rather than restart.
    if (period === null && playingRef.current) setPlay(false);
  }, [period, setPlay]);
  const ctx = useRef({ extent, step, onPeriodChange });
  ctx.current = { extent, step, onPeriodChange };

  const emit = (w: DayRange): void => { current.current = w; ctx.current.onPeriodChange(w); };

  const stepBy = useCallback((dir: 1 | -1): boolean => {
    const { extent: e, step: s } = ctx.current;
    const cur = current.current;
    if (!cur) { emit(initialWindow(e, s)); return true; }
    const next = dir > 0 ? nextWindow(cur, s, e) : prevWindow(cur, s, e);
    if (!next) { setPlay(false); return false; }
    emit(next);
    return true;
  }, [setPlay]);

  const toggle = useCallback(() => {
    if (playingRef.current) { setPlay(false); return; }
    const { extent: e, step: s } = ctx.current;
    const cur = current.current;
    // Play from the start of the data when there is no period or it is already at the end.
    if (!cur) emit(initialWindow(e, s));
    else if (!nextWindow(cur, s, e)) emit(rewindWindow(cur, e));
    setPlay(true);
  }, [setPlay]);
  const stop = useCallback(() => setPlay(false), [setPlay]);

  useEffect(() => {
    if (!playing) return;
    const id = window.setInterval(() => { stepBy(1); }, 1000 / speed);
    return () => window.clearInterval(id);
  }, [playing, speed, stepBy]);

  const canForward = !period || nextWindow(period, step, extent) !== null;
  const canBack = !!period && prevWindow(period, step, extent) !== null;
  return { playing, step, speed, canBack, canForward, toggle, stop, stepBy, setStep, setSpeed };
}

/** Space = play/pause, ← / → = step, on `window`, unless the focused control uses that key (see header). */
export function usePlaybackKeys(controller: Pick<PlaybackController, 'toggle' | 'stepBy'>, enabled = true): void {
  const ref = useRef(controller);
  ref.current = controller;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || (e.repeat && e.key === ' ')) return;
      if (e.key === ' ' || e.code === 'Space') {
        if (targetUsesKey(e.target, 'space')) return;
        e.preventDefault();
        ref.current.toggle();
      } else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        if (targetUsesKey(e.target, 'arrows')) return;
        e.preventDefault();
        ref.current.stepBy(e.key === 'ArrowRight' ? 1 : -1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

export function Playback(props: PlaybackProps & { controller?: PlaybackController; keyboard?: boolean }): React.JSX.Element {
  const own = usePlaybackController(props);
  const c = props.controller ?? own;
  usePlaybackKeys(c, props.keyboard ?? false);
  const { period } = props;
  return (
    <div className="an-playback an-toolbar" data-testid="playback" data-playing={c.playing}>
      <div className="an-seg" role="group" aria-label="Playback">
        <button type="button" onClick={() => c.stepBy(-1)} disabled={!c.canBack} title="Step back (←)" aria-label="Step back">«</button>
        <button type="button" className="an-play" onClick={c.toggle} title="Play / pause (Space)" aria-label={c.playing ? 'Pause' : 'Play'} aria-pressed={c.playing}>
          {c.playing ? '❚❚' : '▶︎'}
        </button>
        <button type="button" onClick={() => c.stepBy(1)} disabled={!c.canForward} title="Step forward (→)" aria-label="Step forward">»</button>
      </div>
      <label className="an-inline">Step
        <select value={c.step} onChange={(e) => c.setStep(e.target.value as PlaybackStep)}>
          {STEPS.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      <div className="an-seg" role="group" aria-label="Speed (steps per second)">
        {SPEEDS.map((s) => (
          <button key={s} type="button" aria-pressed={c.speed === s} onClick={() => c.setSpeed(s)} title={`${s} step${s > 1 ? 's' : ''} per second`}>{s}×</button>
        ))}
      </div>
      <span className="an-playback-window" data-testid="playback-window">
        {period ? <>{fmtRange(period)} <span className="an-muted">({windowLength(period)} d)</span></> : <span className="an-muted">No period: play starts at the first incident</span>}
      </span>
    </div>
  );
}
