/**
 * After-action-review triggers (policy para 87): incidents with civilians killed or harmed
 * within a set distance of a presence. "Review required" for precise locations, "possible,
 * location imprecise" for district-level and coarser ones (src/threats/aar.ts). The
 * distance is set per presence type and saved with the register; the list exports to CSV
 * without descriptions or sources (do no harm).
 */
import { useState } from 'react';
import { actions, useStore } from '../../state/store.ts';
import { aarOf, threatActions, useThreats } from '../../state/threats.ts';
import { PRESENCE_TYPES } from '../../domain/taxonomy.ts';
import { AAR_DEFAULTS, aarToCsv, type AarTrigger } from '../../threats/aar.ts';
import { fmtKm, presenceTypeLabel } from './format.ts';

const PAGE = 50;

export function Reviews(): React.JSX.Element | null {
  const dataset = useStore((s) => s.dataset);
  const settings = useThreats((s) => s.register.aar);
  const [query, setQuery] = useState('');
  if (!dataset) return null;
  const aar = aarOf(dataset, settings);
  const q = query.trim().toLowerCase();
  const match = (r: AarTrigger): boolean => !q || r.incidentId.toLowerCase().includes(q) || r.presenceName.toLowerCase().includes(q) || r.date.includes(q);
  const exportCsv = (): void => {
    const blob = new Blob([aarToCsv(aar)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    const slug = dataset.name.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'dataset';
    a.href = url;
    a.download = `poc-after-action-reviews-${slug}-${new Date().toISOString().slice(0, 10)}.csv`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div className="thr-reviews" data-testid="reviews">
      <p className="thr-muted">
        Incidents with civilians killed or injured{settings.includePhysicalViolence ? ', or physical or sexual violence,' : ''} within
        the trigger distance of a presence. Each incident is listed once, with its nearest presence. This list is
        mission-wide; the rings on the map follow your filters.
      </p>
      <details className="thr-settings">
        <summary>Trigger distance per presence type</summary>
        {PRESENCE_TYPES.map((p) => (
          <label key={p.id} className="thr-field thr-field-row">
            <span>{p.label}</span>
            <input type="number" min={0} step={0.5} value={settings.distanceKm[p.id]} data-testid={`aar-distance-${p.id}`}
              onChange={(e) => threatActions.setAarDistance(p.id, Number(e.target.value))} />
            <span className="thr-muted">km</span>
          </label>
        ))}
        <label className="thr-check">
          <input type="checkbox" checked={settings.includePhysicalViolence} onChange={(e) => threatActions.setAarPhysicalViolence(e.target.checked)} />
          Also physical and sexual violence recorded without a casualty count
        </label>
        <p className="thr-hint">
          Imprecise locations are tested with the distance plus their uncertainty (district {AAR_DEFAULTS.uncertaintyKm.admin2} km,
          province {AAR_DEFAULTS.uncertaintyKm.admin1} km, country: any distance).
        </p>
        <button type="button" className="thr-small" onClick={() => threatActions.resetAar()}>Defaults (10 km)</button>
      </details>
      <div className="thr-inline thr-review-tools">
        <input type="search" placeholder="Find an incident id, presence or date" value={query} onChange={(e) => setQuery(e.target.value)}
          aria-label="Find in the review lists" data-testid="review-search" className="thr-grow" />
        <button type="button" onClick={exportCsv} data-testid="export-reviews">Export CSV</button>
      </div>
      <ReviewList title="Review required" rows={aar.reviewRequired.filter(match)} total={aar.reviewRequired.length} testid="reviews-required" />
      <ReviewList title="Possible, location imprecise" rows={aar.possible.filter(match)} total={aar.possible.length} testid="reviews-possible" />
    </div>
  );
}

function ReviewList({ title, rows, total, testid }: { title: string; rows: AarTrigger[]; total: number; testid: string }): React.JSX.Element {
  const dataset = useStore((s) => s.dataset);
  const [shown, setShown] = useState(PAGE);
  const go = (r: AarTrigger): void => {
    const t = dataset!.incidents;
    actions.select({ kind: 'incident', index: r.index });
    actions.flyTo({ lon: t.lon[r.index]!, lat: t.lat[r.index]!, zoom: 10 });
  };
  return (
    <section className="thr-review-list" data-testid={testid} data-count={total}>
      <h4 className="thr-h4">{title} <span className="thr-count">{rows.length === total ? total.toLocaleString('en') : `${rows.length.toLocaleString('en')} of ${total.toLocaleString('en')}`}</span></h4>
      {rows.length === 0 ? <p className="thr-muted">None.</p> : (
        <table className="thr-table">
          <thead><tr><th>Incident</th><th>Nearest presence</th><th className="thr-num">km</th><th className="thr-num">Killed / injured</th></tr></thead>
          <tbody>
            {rows.slice(0, shown).map((r) => (
              <tr key={r.incidentId + r.index} className="thr-click" tabIndex={0} onClick={() => go(r)}
                onKeyDown={(e) => { if (e.key === 'Enter') go(r); }}
                data-testid="review-row" data-incident={r.incidentId} data-presence-id={r.presenceId} data-distance={r.distanceKm} data-status={r.status}>
                <td><span className={`thr-flag-ring thr-ring-${r.status}`} aria-hidden="true" /> {r.incidentId}<div className="thr-hint">{r.date}{r.ownHarm ? ' · own harm' : ''}</div></td>
                <td>{r.presenceName}<div className="thr-hint">{presenceTypeLabel(r.presenceType)}{r.otherPresences ? ` · +${r.otherPresences} more within range` : ''}</div></td>
                <td className="thr-num">{fmtKm(r.distanceKm)}</td>
                <td className="thr-num">{r.killed} / {r.injured}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length > shown && <button type="button" className="thr-small" onClick={() => setShown(shown + PAGE)}>Show {Math.min(PAGE, rows.length - shown)} more</button>}
    </section>
  );
}
