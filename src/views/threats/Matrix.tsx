/**
 * The 5 × 5 likelihood × impact matrix (d3 scales, React-rendered SVG): every ranked threat
 * is a dot labelled with its rank, coloured by its flag, in the cell of the analyst's
 * likelihood and impact. Selecting a dot selects the threat in the list and on the map.
 */
import { scaleBand } from 'd3';
import { threatActions, useRanking, useThreats } from '../../state/threats.ts';
import { IMPACT_LABELS, LEVELS, LIKELIHOOD_LABELS, type Level } from '../../threats/model.ts';
import { riskMatrix } from '../../threats/scoring.ts';
import { THREAT_AREA_COLOURS } from '../../map/threatLayers.ts';
import { rgbCss } from '../../map/palette.ts';
import { FLAG_LABELS, flagOf, fmtScore } from './format.ts';

const W = 350, H = 300;
const M = { left: 96, right: 4, top: 8, bottom: 46 };
/** Cell shade by likelihood × impact: the usual bands of a risk matrix. */
function cellFill(l: number, i: number): string {
  const p = l * i;
  return p >= 15 ? '#f2b8ad' : p >= 10 ? '#f8d7b4' : p >= 5 ? '#faf0cb' : '#e6f0e1';
}
const PER_ROW = 3;

export function Matrix(): React.JSX.Element {
  const ranking = useRanking();
  const selectedId = useThreats((s) => s.selectedId);
  const ranked = ranking?.ranked ?? [];
  const x = scaleBand<Level>().domain(LEVELS).range([M.left, W - M.right]).padding(0.04);
  const y = scaleBand<Level>().domain([...LEVELS].reverse()).range([M.top, H - M.bottom]).padding(0.04);
  const cells = riskMatrix(ranked.map((r) => r.threat));
  const byId = new Map(ranked.map((r) => [r.threat.id, r]));
  const bw = x.bandwidth(), bh = y.bandwidth();
  return (
    <div className="thr-matrix" data-testid="risk-matrix">
      <svg width={W} height={H} role="img" aria-label="Likelihood by impact matrix of the ranked threats">
        {LEVELS.map((l) => LEVELS.map((i) => (
          <rect key={`${l}-${i}`} x={x(i)} y={y(l)} width={bw} height={bh} fill={cellFill(l, i)} stroke="#fff" />
        )))}
        {LEVELS.map((l) => (
          <text key={`l${l}`} x={M.left - 4} y={(y(l) ?? 0) + bh / 2} className="thr-axis" textAnchor="end" dominantBaseline="middle">
            {l} {LIKELIHOOD_LABELS[l]}
          </text>
        ))}
        {LEVELS.map((i) => (
          <text key={`i${i}`} x={(x(i) ?? 0) + bw / 2} y={H - M.bottom + 12} className="thr-axis" textAnchor="middle">
            <tspan x={(x(i) ?? 0) + bw / 2}>{i}</tspan>
            <tspan x={(x(i) ?? 0) + bw / 2} dy={11}>{IMPACT_LABELS[i].split(' ')[0]}</tspan>
          </text>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 4} className="thr-axis-title" textAnchor="middle">Impact →</text>
        <text transform={`translate(10 ${(M.top + H - M.bottom) / 2}) rotate(-90)`} className="thr-axis-title" textAnchor="middle">Likelihood →</text>
        {LEVELS.map((l) => LEVELS.map((i) => {
          const ids = cells[l - 1]![i - 1]!;
          const shown = ids.slice(0, PER_ROW * 2);
          const step = bw / PER_ROW;
          return (
            <g key={`d${l}-${i}`}>
              {shown.map((id, k) => {
                const r = byId.get(id)!;
                const flag = flagOf(r.result.flags);
                const cx = (x(i) ?? 0) + step * (0.5 + (k % PER_ROW));
                const cy = (y(l) ?? 0) + bh / 2 + (ids.length > PER_ROW ? (Math.floor(k / PER_ROW) - 0.5) * 17 : 0);
                const sel = id === selectedId;
                return (
                  <g key={id} className="thr-dot" transform={`translate(${cx} ${cy})`} onClick={() => threatActions.select(id, { fly: true })}
                    role="button" tabIndex={0} aria-label={`T${r.rank} ${r.threat.title}`} data-threat-id={id}
                    onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); threatActions.select(id, { fly: true }); } }}>
                    <title>{`T${r.rank} ${r.threat.title} — risk ${fmtScore(r.result.score)} (${FLAG_LABELS[flag]})`}</title>
                    <circle r={sel ? 8 : 7} fill={sel ? '#ffd600' : '#fff'} stroke={rgbCss(THREAT_AREA_COLOURS[flag])} strokeWidth={2}
                      strokeDasharray={flag === 'gap' ? '3 2' : undefined} />
                    <text textAnchor="middle" dominantBaseline="central" className="thr-dot-label" fill={rgbCss(THREAT_AREA_COLOURS[flag])}>{r.rank}</text>
                  </g>
                );
              })}
              {ids.length > shown.length && (
                <text x={(x(i) ?? 0) + bw - 3} y={(y(l) ?? 0) + bh - 3} textAnchor="end" className="thr-axis">+{ids.length - shown.length}</text>
              )}
            </g>
          );
        }))}
      </svg>
      <p className="thr-hint">Cells are shaded by likelihood × impact (green under 5, yellow 5–9, orange 10–14, red 15 and over). Dots are the analyst's choices; the score adds vulnerability, reach, host-state presence and mass-atrocity indicators.</p>
      {ranked.length === 0 && <p className="thr-muted">No threats to place yet.</p>}
      <ol className="thr-mini-rank">
        {ranked.map((r) => (
          <li key={r.threat.id} className={r.threat.id === selectedId ? 'thr-selected' : ''}>
            <span className={`thr-rank thr-flag-${flagOf(r.result.flags)}`}>T{r.rank}</span>
            <button type="button" className="thr-link thr-ellipsis" onClick={() => threatActions.select(r.threat.id, { fly: true })}>{r.threat.title}</button>
            <span className="thr-muted">L{r.threat.likelihood}×I{r.threat.impact}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
