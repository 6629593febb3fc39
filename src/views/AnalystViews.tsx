/**
 * Places the analyst-workspace blocks (src/views/analyst) in the app and connects them to
 * the store: the bottom dock (timeline + playback), the right panel (filters, incident
 * table, charts) and the active-filter chips. Every block reads the same filtered view.
 */
import { useCallback } from 'react';
import { actions, useStore, type PanelId } from '../state/store.ts';
import { useFiltered } from '../state/filtered.ts';
import { nearestSettlementAreas } from '../state/areas.ts';
import type { IncidentFilter } from '../filter/incidentFilter.ts';
import {
  FatalitiesChart, FilterChips, FilterPanel, IncidentTable, Playback, PerpetratorChart, Timeline, TopAreasChart, VictimsChart,
  usePlaybackController, usePlaybackKeys,
} from './analyst/index.ts';
import { AnalysisPanel } from './analysis/AnalysisPanel.tsx';
import { ThreatsPanel } from './threats/ThreatsPanel.tsx';
import { PlannerPanel } from './planner/PlannerPanel.tsx';
import { WithAnalysisBase } from './analysis/WithAnalysisBase.tsx';

/** The filter as the blocks see it: the store keeps the period apart (the GPU applies it). */
function useCombinedFilter(): [IncidentFilter, (f: IncidentFilter) => void] {
  const filter = useStore((s) => s.filter);
  const period = useStore((s) => s.period);
  const combined = period ? { ...filter, period } : filter;
  const onChange = useCallback((f: IncidentFilter) => {
    const { period: p, ...rest } = f;
    actions.setFilter(rest);
    actions.setPeriod(p ?? null);
  }, []);
  return [combined, onChange];
}

export function ActiveFilterChips(): React.JSX.Element | null {
  const dataset = useStore((s) => s.dataset);
  const [filter, onChange] = useCombinedFilter();
  if (!dataset) return null;
  return <FilterChips filter={filter} onChange={onChange} perpetratorNames={dataset.incidents.strings.perpetrators} aorNames={dataset.aors.map((a) => a.name)} />;
}

export function BottomDock(): React.JSX.Element | null {
  const dataset = useStore((s) => s.dataset);
  const period = useStore((s) => s.period);
  const bin = useStore((s) => s.bin);
  const filtered = useFiltered();
  const extent = filtered?.extent ?? { startDay: 0, endDay: 0 };
  const controller = usePlaybackController({ period, extent, onPeriodChange: actions.setPeriod });
  usePlaybackKeys(controller, true);
  if (!dataset || !filtered) return null;
  return (
    <section className="bottom-dock" aria-label="Timeline and playback">
      <Timeline
        table={dataset.incidents}
        mask={filtered.maskNoPeriod}
        maskVersion={filtered.version}
        extent={extent}
        period={period}
        onPeriodChange={actions.setPeriod}
        bin={bin}
        onBinChange={actions.setBin}
      />
      <Playback period={period} extent={extent} onPeriodChange={actions.setPeriod} controller={controller} />
    </section>
  );
}

const TAB_LABELS: Record<PanelId, string> = {
  filters: 'Filters', table: 'Incidents', charts: 'Charts', analysis: 'Analysis', threats: 'Threats', planner: 'Planner',
};

export function RightPanel(): React.JSX.Element | null {
  const panel = useStore((s) => s.panel);
  const dataset = useStore((s) => s.dataset);
  const selection = useStore((s) => s.selection);
  const period = useStore((s) => s.period);
  const bin = useStore((s) => s.bin);
  const filtered = useFiltered();
  const [filter, onChange] = useCombinedFilter();
  if (!panel || !dataset || !filtered) return null;
  const t = dataset.incidents;
  const onSelectRow = (i: number): void => {
    actions.select({ kind: 'incident', index: i });
    actions.flyTo({ lon: t.lon[i]!, lat: t.lat[i]!, zoom: 8 });
  };
  return (
    <aside className="right-panel" aria-label={TAB_LABELS[panel]} data-testid={`panel-${panel}`}>
      <div className="tabs" role="tablist">
        {(Object.keys(TAB_LABELS) as PanelId[]).map((id) => (
          <button key={id} role="tab" aria-selected={panel === id} className={panel === id ? 'active' : ''} onClick={() => actions.openPanel(id)}>
            {TAB_LABELS[id]}
          </button>
        ))}
        <button className="close" aria-label="Close panel" onClick={() => actions.openPanel(null)}>×</button>
      </div>
      <div className="tab-body">
        {panel === 'filters' && (
          <WithAnalysisBase>{(b) => <FilterPanel table={t} filter={filter} onChange={onChange} availability={{ aor: b.aorOfIncident !== null, range: b.reachBits !== null }} aorOfIncident={b.aorOfIncident ?? undefined} reachBits={b.reachBits ?? undefined} />}</WithAnalysisBase>
        )}
        {panel === 'table' && (
          <IncidentTable table={t} indices={filtered.indices} selected={selection?.kind === 'incident' ? selection.index : null} onSelect={onSelectRow} />
        )}
        {panel === 'charts' && <Charts period={period} bin={bin} />}
        {panel === 'analysis' && <AnalysisPanel />}
        {panel === 'threats' && <ThreatsPanel />}
        {panel === 'planner' && <PlannerPanel />}
      </div>
    </aside>
  );
}

function Charts({ period, bin }: { period: { startDay: number; endDay: number } | null; bin: 'day' | 'week' | 'month' }): React.JSX.Element | null {
  const dataset = useStore((s) => s.dataset);
  const filtered = useFiltered();
  const [filter, onChange] = useCombinedFilter();
  if (!dataset || !filtered) return null;
  const t = dataset.incidents;
  const areas = nearestSettlementAreas(dataset);
  const range = period ?? filtered.extent;
  return (
    <div className="charts">
      <FatalitiesChart table={t} mask={filtered.mask} maskVersion={filtered.version} range={range} bin={bin} />
      <PerpetratorChart
        table={t} mask={filtered.mask} maskVersion={filtered.version} areas={areas} endDay={range.endDay} trendMask={filtered.maskNoPeriod}
        onPick={(p) => onChange({ ...filter, perpetrators: [p] })}
      />
      <VictimsChart table={t} mask={filtered.mask} maskVersion={filtered.version} />
      <TopAreasChart table={t} mask={filtered.mask} maskVersion={filtered.version} areaOf={areas.areaOf} areaNames={areas.areaNames} areaKind="nearest settlement" />
    </div>
  );
}
