/**
 * Timeline: incidents per day / week / month stacked by threat group, with a brush that
 * sets the period, period presets, the previous-equal-period comparison, and x zoom.
 *
 * React renders the <svg> and the bars (one <path> per group, so a 2-year daily chart is
 * 6 elements, not 4,000); d3 draws the axes and owns the brush through refs. While the
 * user drags, only a light "draft" state changes (band, summary text), throttled to one
 * update per animation frame; the bars are memoised and do not re-render. The period is
 * committed on brush end (`onPeriodChange`, snapped to whole days); `onPeriodPreview`,
 * if given, is called at most every 120 ms during the drag so the map can follow live.
 *
 * `mask` = incidents passing every filter except the period (so the chart shows what the
 * brush can select). If the caller reuses one mask array in place, bump `maskVersion`.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { axisBottom, axisLeft, brushX, format, scaleLinear, scaleUtc, select, type BrushBehavior, type D3BrushEvent } from 'd3';
import type { IncidentTable } from '../../domain/incidents.ts';
import { THREAT_GROUPS } from '../../domain/taxonomy.ts';
import { addMonths, dailyCounts, histogram, startOfMonth, type DayRange, type Histogram, type TimeBin } from '../../filter/aggregate.ts';
import { fmt, fmtPct, fmtRange, groupColour, isoDay, useElementSize } from './util.ts';
import './analyst.css';

export interface TimelineProps {
  table: IncidentTable;
  /** Incidents passing every filter except the period (null = all). */
  mask: Uint8Array | null;
  maskVersion?: number;
  /** Day range of the data (first to latest incident); presets are relative to its end. */
  extent: DayRange;
  period: DayRange | null;
  onPeriodChange(period: DayRange | null): void;
  onPeriodPreview?(period: DayRange | null): void;
  bin: TimeBin;
  onBinChange(bin: TimeBin): void;
}

const MS_PER_DAY = 86_400_000;
const MARGIN = { top: 8, right: 18, bottom: 18, left: 38 };
const MIN_ZOOM_DAYS = 14;
const BINS: readonly TimeBin[] = ['day', 'week', 'month'];
const dateOf = (day: number): Date => new Date(day * MS_PER_DAY);
const dayOf = (d: Date): number => Math.round(d.getTime() / MS_PER_DAY);

interface Preset {
  id: string;
  label: string;
  title: string;
  range(extent: DayRange): DayRange | null;
}
const lastDays = (n: number): Preset['range'] => (e) => ({ startDay: e.endDay - n + 1, endDay: e.endDay });
const PRESETS: readonly Preset[] = [
  { id: '7d', label: '7 d', title: 'Last 7 days up to the latest incident', range: lastDays(7) },
  { id: '30d', label: '30 d', title: 'Last 30 days up to the latest incident', range: lastDays(30) },
  { id: '90d', label: '90 d', title: 'Last 90 days up to the latest incident', range: lastDays(90) },
  {
    id: 'quarter', label: 'Qtr', title: 'The calendar quarter containing the latest incident',
    range: (e) => {
      const m = startOfMonth(e.endDay);
      const month = new Date(m * MS_PER_DAY).getUTCMonth();
      const startDay = addMonths(m, -(month % 3));
      return { startDay, endDay: addMonths(startDay, 3) - 1 };
    },
  },
  {
    id: 'year', label: 'Year', title: 'The calendar year containing the latest incident',
    range: (e) => {
      const y = new Date(e.endDay * MS_PER_DAY).getUTCFullYear();
      return { startDay: Math.round(Date.UTC(y, 0, 1) / MS_PER_DAY), endDay: Math.round(Date.UTC(y + 1, 0, 1) / MS_PER_DAY) - 1 };
    },
  },
  { id: 'all', label: 'All', title: 'No period restriction', range: () => null },
];

const sameRange = (a: DayRange | null, b: DayRange | null): boolean =>
  a === b || (!!a && !!b && a.startDay === b.startDay && a.endDay === b.endDay);

function clampView(v: DayRange, extent: DayRange): DayRange {
  const span = Math.min(extent.endDay - extent.startDay, Math.max(MIN_ZOOM_DAYS - 1, v.endDay - v.startDay));
  let s = Math.max(extent.startDay, Math.round(v.startDay));
  if (s + span > extent.endDay) s = extent.endDay - span;
  return { startDay: s, endDay: s + span };
}

interface BarsProps {
  hist: Histogram;
  x(day: number): number;
  y(v: number): number;
}
/** Stacked bars, one path per threat group; memoised so brushing never re-renders them. */
const Bars = memo(function Bars({ hist, x, y }: BarsProps): React.JSX.Element {
  // Clipped first/last bins (see HistogramBin.partial) are drawn faded, so a short bin
  // does not read as a drop.
  const paths = THREAT_GROUPS.map(() => [] as string[]);
  const partial = THREAT_GROUPS.map(() => [] as string[]);
  for (const b of hist.bins) {
    const out = b.partial ? partial : paths;
    const x0 = x(b.startDay), x1 = x(b.endDay + 1);
    const gap = x1 - x0 > 4 ? 1 : 0;
    let acc = 0;
    b.counts.forEach((c, g) => {
      if (!c) return;
      const y0 = y(acc), y1 = y(acc + c);
      acc += c;
      out[g]!.push(`M${x0.toFixed(1)},${y0.toFixed(1)}H${(x1 - gap).toFixed(1)}V${y1.toFixed(1)}H${x0.toFixed(1)}Z`);
    });
  }
  return (
    <g className="an-tl-bars">
      {paths.map((p, g) => (p.length ? <path key={g} d={p.join('')} fill={groupColour(g)} /> : null))}
      {partial.map((p, g) => (p.length ? <path key={`p${g}`} d={p.join('')} fill={groupColour(g)} fillOpacity={0.4} /> : null))}
    </g>
  );
});

export function Timeline(props: TimelineProps): React.JSX.Element {
  const { table, mask, maskVersion, extent, period, bin, onBinChange } = props;
  const [wrapRef, size] = useElementSize<HTMLDivElement>();
  const svgRef = useRef<SVGSVGElement>(null);
  const xAxisRef = useRef<SVGGElement>(null);
  const yAxisRef = useRef<SVGGElement>(null);
  const brushRef = useRef<SVGGElement>(null);
  const brushBehaviour = useRef<BrushBehavior<unknown> | null>(null);
  // Latest callbacks for d3 handlers without rebuilding the brush.
  const cb = useRef(props);
  cb.current = props;

  const [zoom, setZoom] = useState<DayRange | null>(null);
  useEffect(() => setZoom(null), [extent.startDay, extent.endDay]);
  const view = zoom ?? extent;
  const [draft, setDraft] = useState<DayRange | null | undefined>(undefined); // undefined = not brushing
  const [hover, setHover] = useState<number | null>(null); // bin index under the pointer

  const w = Math.max(0, size.width - MARGIN.left - MARGIN.right);
  const h = Math.max(0, size.height - MARGIN.top - MARGIN.bottom);

  const hist = useMemo(() => histogram(table, mask, bin, view.startDay, view.endDay), [table, mask, maskVersion, bin, view.startDay, view.endDay]);
  // Per-day counts over the whole extent: O(1) period and previous-period counts while brushing.
  const prefix = useMemo(() => {
    const days = dailyCounts(table, mask, extent.startDay, extent.endDay);
    const p = new Float64Array(days.length + 1);
    for (let i = 0; i < days.length; i++) p[i + 1] = p[i]! + days[i]!;
    return p;
  }, [table, mask, maskVersion, extent.startDay, extent.endDay]);
  const countIn = useCallback((s: number, e: number): number => {
    const a = Math.max(s, extent.startDay) - extent.startDay;
    const b = Math.min(e, extent.endDay) - extent.startDay + 1;
    return b > a ? prefix[b]! - prefix[a]! : 0;
  }, [prefix, extent.startDay, extent.endDay]);

  const xScale = useMemo(() => scaleUtc().domain([dateOf(view.startDay), dateOf(view.endDay + 1)]).range([0, w]), [view.startDay, view.endDay, w]);
  const x = useCallback((day: number) => xScale(dateOf(day)), [xScale]);
  const yScale = useMemo(() => scaleLinear().domain([0, Math.max(1, hist.maxTotal)]).nice(4).range([h, 0]), [hist.maxTotal, h]);
  const y = useCallback((v: number) => yScale(v), [yScale]);

  // Axes (d3-owned).
  useEffect(() => {
    if (!xAxisRef.current || !yAxisRef.current || w <= 0 || h <= 0) return;
    select(xAxisRef.current).call(axisBottom(xScale).ticks(Math.max(2, Math.floor(w / 90))).tickSizeOuter(0));
    // Counts are whole numbers: no ticks between them (a max of 2 would otherwise read 0.5 as "500m").
    const yTicks = Math.max(1, Math.min(Math.floor(h / 35), Math.floor(yScale.domain()[1] ?? 1)));
    select(yAxisRef.current).call(axisLeft(yScale).ticks(yTicks).tickFormat((v) => (Number.isInteger(+v) ? format('~s')(+v) : '')).tickSizeOuter(0));
  }, [xScale, yScale, w, h]);

  // Brush (d3-owned), rebuilt only when the geometry or view changes.
  useEffect(() => {
    const g = brushRef.current;
    if (!g || w <= 0 || h <= 0) return;
    const toRange = (sel: [number, number]): DayRange => {
      const s = dayOf(xScale.invert(sel[0]));
      const e = Math.max(s, dayOf(xScale.invert(sel[1])) - 1);
      return { startDay: s, endDay: e };
    };
    let frame = 0;
    let lastPreview = 0;
    let pending: DayRange | null = null;
    const brush = brushX<unknown>().extent([[0, 0], [w, h]])
      .on('brush', (ev: D3BrushEvent<unknown>) => {
        if (!ev.sourceEvent || !ev.selection) return;
        pending = toRange(ev.selection as [number, number]);
        if (!frame) frame = requestAnimationFrame(() => { frame = 0; setDraft(pending); });
        const now = performance.now();
        if (cb.current.onPeriodPreview && now - lastPreview > 120) { lastPreview = now; cb.current.onPeriodPreview(pending); }
      })
      .on('end', (ev: D3BrushEvent<unknown>) => {
        if (!ev.sourceEvent) return; // programmatic move
        if (frame) { cancelAnimationFrame(frame); frame = 0; }
        setDraft(undefined);
        if (!ev.selection) { cb.current.onPeriodChange(null); return; }
        const r = toRange(ev.selection as [number, number]);
        select(g).call(brush.move, [xScale(dateOf(r.startDay)), xScale(dateOf(r.endDay + 1))]);
        cb.current.onPeriodChange(r);
      });
    brushBehaviour.current = brush;
    select(g).call(brush);
    return () => {
      if (frame) cancelAnimationFrame(frame);
      select(g).on('.brush', null);
      brushBehaviour.current = null;
    };
  }, [xScale, w, h]);

  // Keep the brush on the committed period (presets, playback, URL, zoom).
  useEffect(() => {
    const g = brushRef.current, brush = brushBehaviour.current;
    if (!g || !brush || w <= 0) return;
    if (!period || period.endDay < view.startDay || period.startDay > view.endDay) { select(g).call(brush.move, null); return; }
    const a = Math.max(0, x(period.startDay)), b = Math.min(w, x(period.endDay + 1));
    select(g).call(brush.move, [a, Math.max(a + 1, b)]);
  }, [period, x, w, view.startDay, view.endDay]);

  // Wheel zooms the x axis around the pointer (shift / horizontal wheel pans). Native
  // listener: React's wheel listener is passive and cannot stop the page from scrolling.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (e: WheelEvent): void => {
      const v = cb.current.extent;
      if (v.endDay - v.startDay < MIN_ZOOM_DAYS) return;
      e.preventDefault();
      setZoom((z) => {
        const cur = z ?? v;
        const span = cur.endDay - cur.startDay + 1;
        const rect = svg.getBoundingClientRect();
        const fx = Math.min(1, Math.max(0, (e.clientX - rect.left - MARGIN.left) / Math.max(1, rect.width - MARGIN.left - MARGIN.right)));
        if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
          const d = Math.round(((e.shiftKey ? e.deltaY : e.deltaX) / 400) * span) || Math.sign(e.deltaX || e.deltaY);
          const next = clampView({ startDay: cur.startDay + d, endDay: cur.endDay + d }, v);
          return next.startDay === v.startDay && next.endDay === v.endDay ? null : next;
        }
        const newSpan = Math.max(MIN_ZOOM_DAYS, Math.min(v.endDay - v.startDay + 1, span * Math.exp(e.deltaY * 0.0015)));
        const anchor = cur.startDay + fx * span;
        const next = clampView({ startDay: anchor - fx * newSpan, endDay: anchor - fx * newSpan + newSpan - 1 }, v);
        return next.startDay <= v.startDay && next.endDay >= v.endDay ? null : next;
      });
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, []);

  const zoomToPeriod = (): void => {
    if (!period) return;
    const span = period.endDay - period.startDay + 1;
    const pad = Math.max(3, Math.round(span * 0.15));
    setZoom(clampView({ startDay: period.startDay - pad, endDay: period.endDay + pad }, extent));
  };
  const zoomBy = (factor: number): void => {
    setZoom((z) => {
      const cur = z ?? extent;
      const span = cur.endDay - cur.startDay + 1;
      const mid = (cur.startDay + cur.endDay) / 2;
      const ns = Math.max(MIN_ZOOM_DAYS, span * factor);
      const next = clampView({ startDay: mid - ns / 2, endDay: mid + ns / 2 }, extent);
      return next.startDay <= extent.startDay && next.endDay >= extent.endDay ? null : next;
    });
  };

  const shown = draft === undefined ? period : draft;
  // Period vs the previous period of equal length. A period reaching past the latest
  // incident (e.g. the current calendar quarter) is compared over its observed days only,
  // or a quarter three days old would read as a −97 % drop.
  const summary = useMemo(() => {
    const all = countIn(extent.startDay, extent.endDay);
    if (!shown) return { text: `${fmt(all)} incidents, all dates`, title: `${fmt(all)} incidents between ${fmtRange(extent)}`, n: all, prev: null };
    const n = countIn(shown.startDay, shown.endDay);
    const obsEnd = Math.min(shown.endDay, extent.endDay);
    const len = obsEnd - shown.startDay + 1;
    const nObs = countIn(shown.startDay, obsEnd);
    const prev = { startDay: shown.startDay - Math.max(1, len), endDay: shown.startDay - 1 };
    const m = countIn(prev.startDay, prev.endDay);
    const days = `${fmt(Math.max(1, len))} day${len === 1 ? '' : 's'}`;
    let cmp: string;
    if (len <= 0) cmp = 'period after the latest incident';
    else if (prev.endDay < extent.startDay) cmp = 'no earlier data to compare';
    else if (m === 0) cmp = 'none in previous equal period';
    else cmp = `${fmtPct(((nObs - m) / m) * 100)} vs previous equal period`;
    const notes: string[] = [];
    if (len > 0 && obsEnd < shown.endDay) notes.push(`compared over the ${days} up to the latest incident`);
    if (prev.startDay < extent.startDay && prev.endDay >= extent.startDay) notes.push('previous period partly before the first record');
    const text = `${fmt(n)} incident${n === 1 ? '' : 's'} in period, ${cmp}${notes.length ? ' *' : ''}`;
    const title = `${fmtRange(shown)}: ${fmt(n)} incidents in period; previous ${days} (${fmtRange(prev)}): ${fmt(m)}${notes.length ? ` (* ${notes.join('; ')})` : ''}`;
    return { text, title, n, prev };
  }, [shown, countIn, extent]);

  const onPointer = (e: React.PointerEvent<SVGSVGElement>): void => {
    const rect = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - rect.left - MARGIN.left;
    if (px < 0 || px > w) { if (hover !== null) setHover(null); return; }
    const day = Math.floor(xScale.invert(px).getTime() / MS_PER_DAY);
    const k = hist.bins.findIndex((b) => day >= b.startDay && day <= b.endDay);
    if (k !== hover) setHover(k < 0 ? null : k);
  };
  // While brushing, the toolbar shows the draft period's summary, not the bin under the pointer.
  const hb = hover !== null && draft === undefined ? hist.bins[hover] : undefined;
  const activePreset = PRESETS.find((p) => sameRange(p.range(extent), period))?.id;
  const prevBand = summary.prev && summary.prev.endDay >= view.startDay && summary.prev.startDay <= view.endDay ? summary.prev : null;

  return (
    <div className="an-timeline" data-testid="timeline">
      <div className="an-toolbar">
        <div className="an-seg" role="group" aria-label="Bin size">
          {BINS.map((b) => (
            <button key={b} type="button" aria-pressed={bin === b} onClick={() => onBinChange(b)}>{b[0]!.toUpperCase() + b.slice(1)}</button>
          ))}
        </div>
        <div className="an-seg" role="group" aria-label="Period presets">
          {PRESETS.map((p) => (
            <button key={p.id} type="button" title={p.title} aria-pressed={activePreset === p.id}
              onClick={() => props.onPeriodChange(p.range(extent))} data-preset={p.id}>{p.label}</button>
          ))}
        </div>
        <div className="an-seg" role="group" aria-label="Zoom">
          <button type="button" title="Zoom in" aria-label="Zoom in" onClick={() => zoomBy(0.5)}>+</button>
          <button type="button" title="Zoom out" aria-label="Zoom out" onClick={() => zoomBy(2)} disabled={!zoom}>−</button>
          <button type="button" title="Zoom the time axis to the period" onClick={zoomToPeriod} disabled={!period}>Fit</button>
          <button type="button" title="Zoom out to the whole data range (wheel zooms, shift+wheel pans)" onClick={() => setZoom(null)} disabled={!zoom}>Reset</button>
        </div>
        {hb ? (
          <span className="an-tl-summary" data-testid="timeline-readout">
            <b>{bin === 'day' ? isoDay(hb.startDay) : bin === 'week' ? `Week of ${isoDay(hb.startDay)}` : isoDay(hb.startDay).slice(0, 7)}</b>
            {hb.partial && <span className="an-muted"> (partial)</span>}: {fmt(hb.total)}
            {hb.counts.map((c, g) => (c ? <span key={g} className="an-readout-item" title={THREAT_GROUPS[g]!.label}><i className="an-dot" style={{ background: groupColour(g) }} />{fmt(c)}</span> : null))}
            {' · '}{fmt(hb.fatalities)} killed
          </span>
        ) : (
          <span className="an-tl-summary" data-testid="timeline-summary" data-count={summary.n} title={summary.title} aria-live="polite">
            {summary.text}
          </span>
        )}
      </div>
      <div className="an-tl-chart" ref={wrapRef}>
        <svg ref={svgRef} width={size.width} height={size.height} onPointerMove={onPointer} onPointerLeave={() => setHover(null)}
          role="img" aria-label={`Incidents per ${bin} by threat group, ${fmtRange(view)}`}>
          <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
            {prevBand && (
              <g className="an-tl-compare" data-testid="timeline-compare">
                <rect x={Math.max(0, x(prevBand.startDay))} width={Math.max(0, Math.min(w, x(prevBand.endDay + 1)) - Math.max(0, x(prevBand.startDay)))} y={0} height={h} />
                {x(prevBand.endDay + 1) - Math.max(0, x(prevBand.startDay)) > 60 && (
                  <text x={Math.max(0, x(prevBand.startDay)) + 4} y={10}>previous</text>
                )}
              </g>
            )}
            <Bars hist={hist} x={x} y={y} />
            {hb && <rect className="an-tl-hover" x={x(hb.startDay)} width={Math.max(1, x(hb.endDay + 1) - x(hb.startDay))} y={0} height={h} />}
            <g ref={yAxisRef} className="an-axis" />
            <g ref={xAxisRef} className="an-axis" transform={`translate(0,${h})`} />
            <g ref={brushRef} className="an-brush" />
          </g>
        </svg>
      </div>
    </div>
  );
}
