/**
 * The leadership briefing: one screen (and one or two A4 landscape pages) saying what
 * changed in the period, what matters most, where the mission cannot reach and what needs
 * a decision. Each section degrades to a plain sentence when its source (threat register,
 * hotspot analysis) has nothing yet. Mission-wide: the analyst's filters do not apply.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { line, scaleLinear } from 'd3';
import { actions, useStore, type BriefingPresetId } from '../../state/store.ts';
import type { Dataset } from '../../io/dataset.ts';
import { BRIEFING_PRESETS, briefingPeriods, changeInWords, headlineFigures, reachGaps, type HeadlineFigure } from '../../briefing/figures.ts';
import { dayExtent } from '../../filter/aggregate.ts';
import { isoFromDay } from '../../domain/incidents.ts';
import { VictimsChart } from '../analyst/index.ts';
import { BriefingMap } from './BriefingMap.tsx';
import { useBriefingExtras } from '../../briefing/extras.ts';
import { downloadSvgAsPng } from './savePng.ts';
import './briefing.css';

const MARKINGS = ['UNCLASSIFIED', 'UN RESTRICTED', 'UN CONFIDENTIAL', 'STRICTLY CONFIDENTIAL'];
const SECTIONS = ['figures', 'threats', 'hotspots', 'gaps', 'decisions', 'map'] as const;

function Sparkline({ series }: { series: number[] }): React.JSX.Element {
  const w = 90, h = 24;
  const x = scaleLinear().domain([0, series.length - 1]).range([1, w - 3]);
  const y = scaleLinear().domain([0, Math.max(1, ...series)]).range([h - 2, 2]);
  const d = line<number>().x((_, i) => x(i)).y((v) => y(v))(series) ?? '';
  const last = series.length - 1;
  return (
    <svg width={w} height={h} className="sparkline" aria-hidden="true">
      <path d={d} fill="none" stroke="#5b6472" strokeWidth={1.4} />
      <circle cx={x(last)} cy={y(series[last] ?? 0)} r={2.5} fill="#1c2330" />
    </svg>
  );
}

function Figure({ f }: { f: HeadlineFigure }): React.JSX.Element {
  const up = (f.changePct ?? 0) > 0;
  return (
    <div className="figure" data-testid={`figure-${f.id}`} data-current={f.current} data-previous={f.previous}>
      <div className="figure-label">{f.label}</div>
      <div className="figure-value">{f.current.toLocaleString('en')}</div>
      <div className={`figure-change ${f.changePct === null ? '' : up ? 'up' : 'down'}`}>{changeInWords(f)}</div>
      <Sparkline series={f.series} />
    </div>
  );
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

function fmtPeriod(r: { startDay: number; endDay: number }): string {
  return `${isoFromDay(r.startDay)} – ${isoFromDay(r.endDay)}`;
}

export function Briefing(): React.JSX.Element | null {
  const dataset = useStore((s) => s.dataset);
  const { preset, classification } = useStore((s) => s.briefing);
  const [presenting, setPresenting] = useState(false);
  const [section, setSection] = useState(0);
  const root = useRef<HTMLDivElement>(null);

  const view = useMemo(() => (dataset ? briefingData(dataset, preset) : null), [dataset, preset]);
  const extras = useBriefingExtras(view?.periods.current ?? null);

  useEffect(() => {
    if (!presenting) return;
    const onKey = (e: KeyboardEvent): void => {
      if (['ArrowRight', 'PageDown', ' '].includes(e.key)) setSection((k) => Math.min(SECTIONS.length - 1, k + 1));
      else if (['ArrowLeft', 'PageUp'].includes(e.key)) setSection((k) => Math.max(0, k - 1));
      else if (e.key === 'Escape') setPresenting(false);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [presenting]);

  if (!dataset || !view) return null;
  const { periods, figures, gaps, mask } = view;
  const show = (id: (typeof SECTIONS)[number]): string => (presenting && SECTIONS[section] !== id ? 'section hidden' : 'section');
  const goToMap = (lon: number, lat: number): void => {
    actions.showScreen('map');
    actions.flyTo({ lon, lat, zoom: 8 });
  };
  const present = (): void => {
    setSection(0);
    setPresenting(true);
    root.current?.requestFullscreen?.().catch(() => undefined);
  };

  return (
    <div ref={root} className={`briefing${presenting ? ' presenting' : ''}`} data-testid="briefing">
      <div className="print-marking top" aria-hidden="true">
        {classification}{dataset.exercise ? ' · EXERCISE — SYNTHETIC DATA' : ''}
      </div>
      <div className="print-marking bottom" aria-hidden="true">
        {classification}{dataset.exercise ? ' · EXERCISE — SYNTHETIC DATA' : ''}
      </div>
      <header className="briefing-head">
        <div className="marking" data-testid="classification">{classification}</div>
        {dataset.exercise && <div className="exercise">EXERCISE — SYNTHETIC DATA</div>}
        <h1>Situational briefing — {dataset.name}</h1>
        <p className="period" data-testid="briefing-period" data-start={isoFromDay(periods.current.startDay)} data-end={isoFromDay(periods.current.endDay)}>
          {fmtPeriod(periods.current)} compared with {fmtPeriod(periods.previous)} · mission-wide, all incidents recorded
        </p>
        <div className="controls no-print">
          <label>Period{' '}
            <select value={preset} onChange={(e) => actions.setBriefing({ preset: e.target.value as BriefingPresetId })} data-testid="briefing-preset">
              {(Object.keys(BRIEFING_PRESETS) as BriefingPresetId[]).map((p) => <option key={p} value={p}>{BRIEFING_PRESETS[p].label}</option>)}
            </select>
          </label>
          <label>Marking{' '}
            <select value={classification} onChange={(e) => actions.setBriefing({ classification: e.target.value })} data-testid="briefing-marking">
              {MARKINGS.map((m) => <option key={m}>{m}</option>)}
            </select>
          </label>
          <button onClick={() => window.print()}>Print / save as PDF</button>
          <button onClick={() => { const svg = root.current?.querySelector('svg.briefing-map'); if (svg) void downloadSvgAsPng(svg as SVGSVGElement, `briefing-map-${isoFromDay(periods.current.endDay)}.png`); }}>Save map as PNG</button>
          <button onClick={present}>Present</button>
          <button onClick={() => actions.showScreen('map')}>Back to map</button>
        </div>
        {presenting && <p className="no-print hint">Presenting: ← → to move between sections, Esc to stop.</p>}
      </header>

      <section className={show('figures')} aria-labelledby="b-figures">
        <h2 id="b-figures">What changed</h2>
        <div className="figures">{figures.map((f) => <Figure key={f.id} f={f} />)}</div>
      </section>

      <div className="two-col">
        <section className={show('threats')} aria-labelledby="b-threats">
          <h2 id="b-threats">Top priority threats</h2>
          {extras.threats.length ? (
            <ol className="items" data-testid="briefing-threats">
              {extras.threats.map((t) => (
                <li key={t.id}>
                  <button className="link" onClick={() => goToMap(t.lon, t.lat)}>{t.title}</button>
                  <span className="score"> risk {t.score}</span>
                  <div className="reasons">{t.reasons.join('; ')}</div>
                </li>
              ))}
            </ol>
          ) : <p className="empty">No threats in the register yet: priority threats appear here once analysts record them.</p>}
        </section>
        <section className={show('hotspots')} aria-labelledby="b-hotspots">
          <h2 id="b-hotspots">New or intensifying hotspots</h2>
          {extras.hotspots.length ? (
            <ol className="items" data-testid="briefing-hotspots">
              {extras.hotspots.map((h) => (
                <li key={h.id}><button className="link" onClick={() => goToMap(h.lon, h.lat)}>{h.title}</button> <span className="muted">{h.detail}</span></li>
              ))}
            </ol>
          ) : <p className="empty">No hotspot analysis run yet: open Analysis on the map to compute emerging hotspots.</p>}
        </section>
      </div>

      <div className="two-col">
        <section className={show('gaps')} aria-labelledby="b-gaps">
          <h2 id="b-gaps">Where the mission cannot reach</h2>
          <p className="muted">Incidents of the period beyond the road reach of every presence, by place.</p>
          {gaps.length ? (
            <ol className="items" data-testid="briefing-gaps">
              {gaps.map((g, k) => (
                <li key={k}>
                  <button className="link" onClick={() => goToMap(g.lon, g.lat)}>G{k + 1} {g.place}</button>: {plural(g.incidents, 'incident')}, {plural(g.killed, 'civilian')} killed; nearest presence {g.nearestPresence}, {Math.round(g.nearestKm)} km
                </li>
              ))}
            </ol>
          ) : <p className="empty">Every incident of the period was within road reach of a presence.</p>}
        </section>
        <section className={show('decisions')} aria-labelledby="b-decisions">
          <h2 id="b-decisions">Decisions needed</h2>
          {extras.decisions.length ? (
            <ul className="items" data-testid="briefing-decisions">
              {extras.decisions.map((d) => (
                <li key={d.id}>
                  <strong>{d.kind}</strong>{' '}
                  {d.lon !== undefined && d.lat !== undefined ? <button className="link" onClick={() => goToMap(d.lon!, d.lat!)}>{d.text}</button> : d.text}
                </li>
              ))}
            </ul>
          ) : <p className="empty">Nothing awaiting a decision.</p>}
        </section>
      </div>

      <section className={`${show('map')} map-row`} aria-labelledby="b-map">
        <h2 id="b-map">The period on the map, and who was harmed</h2>
        <div className="map-and-victims">
          <BriefingMap dataset={dataset} period={periods.current} gaps={gaps} />
          <div className="victims">
            <VictimsChart table={dataset.incidents} mask={mask} />
            <p className="muted small">Sexual-violence and child-recruitment incidents are shown at the centre of a 0.25° cell, not at their recorded place. No sources or descriptions are included in this briefing.</p>
          </div>
        </div>
      </section>
    </div>
  );
}

/** Everything the briefing computes from the dataset for a preset (memoised by the caller). */
function briefingData(d: Dataset, preset: BriefingPresetId): {
  periods: ReturnType<typeof briefingPeriods>; figures: HeadlineFigure[]; gaps: ReturnType<typeof reachGaps>; mask: Uint8Array;
} {
  const t = d.incidents;
  const end = dayExtent(t, null)?.endDay ?? 0;
  const periods = briefingPeriods(end, BRIEFING_PRESETS[preset].days);
  const mask = new Uint8Array(t.length);
  for (let i = 0; i < t.length; i++) mask[i] = t.day[i]! >= periods.current.startDay && t.day[i]! <= periods.current.endDay ? 1 : 0;
  return { periods, figures: headlineFigures(t, periods), gaps: reachGaps(t, d.presences, d.settlements, periods.current), mask };
}
