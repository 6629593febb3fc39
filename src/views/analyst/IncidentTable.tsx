/**
 * Incident table: the filtered incidents, virtualised (fixed row height; only the visible
 * rows plus an overscan are in the DOM), sortable by column, searchable.
 *
 * Sorting works on the index array with typed-array keys (`tableModel.ts`); the search
 * filters the sorted array, so typing never re-sorts. Very long lists are scaled: the
 * scroll area is capped at 8M px (browsers stop laying out taller boxes) and scroll
 * positions map proportionally onto rows.
 *
 * Keyboard (focus on the table): ↑/↓ move the highlighted row, PgUp/PgDn/Home/End jump,
 * Enter selects it (onSelect). A `selected` set from outside (e.g. a map click) is
 * scrolled into view and highlighted. Cells are plain text, never HTML from the data.
 */
import { useDeferredValue, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { IncidentTable as Table } from '../../domain/incidents.ts';
import { LOCATION_PRECISIONS, THREAT_GROUP_OF_TYPE, THREAT_TYPES } from '../../domain/taxonomy.ts';
import { searchIndices, sortIndices, type SortDir, type SortKey } from './tableModel.ts';
import { fmt, groupColour, isoDay, useElementSize } from './util.ts';
import './analyst.css';

export interface IncidentTableProps {
  table: Table;
  /** The filtered incidents (table row indices). */
  indices: Uint32Array;
  selected: number | null;
  onSelect(index: number): void;
}

const ROW_H = 22;
const OVERSCAN = 8;
const MAX_SCROLL_PX = 8_000_000;
const LOC_SHORT = ['exact', 'near', 'adm2', 'adm1', 'ctry'];

interface Column {
  key: SortKey;
  label: string;
  title: string;
  numeric?: boolean;
}
const COLUMNS: readonly Column[] = [
  { key: 'date', label: 'Date', title: 'Date of the incident' },
  { key: 'threat', label: 'Threat', title: 'Threat type' },
  { key: 'perpetrator', label: 'Perpetrator', title: 'Perpetrator' },
  { key: 'killed', label: 'Killed', title: 'Civilians killed', numeric: true },
  { key: 'injured', label: 'Inj.', title: 'Civilians injured', numeric: true },
  { key: 'locationPrecision', label: 'Loc.', title: 'Location precision' },
  { key: 'id', label: 'ID', title: 'Incident id from the source' },
];

export function IncidentTable({ table, indices, selected, onSelect }: IncidentTableProps): React.JSX.Element {
  const [sort, setSort] = useState<{ key: SortKey; dir: SortDir }>({ key: 'date', dir: 'desc' });
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const sorted = useMemo(() => sortIndices(table, indices, sort.key, sort.dir), [table, indices, sort]);
  const rows = useMemo(() => searchIndices(table, sorted, deferredQuery), [table, sorted, deferredQuery]);
  const [viewRef, size] = useElementSize<HTMLDivElement>();
  const [scrollTop, setScrollTop] = useState(0);
  const [cursor, setCursor] = useState<number | null>(null); // position in `rows`
  const gridId = useId();

  // The header sits outside the scrolling rows: pad it by the scrollbar's width so columns align.
  const [gutter, setGutter] = useState(0);
  useLayoutEffect(() => {
    const el = viewRef.current;
    if (el) setGutter(el.offsetWidth - el.clientWidth);
  }, [size.width, size.height, rows.length, viewRef]);

  const n = rows.length;
  const vh = Math.max(ROW_H, size.height);
  const total = n * ROW_H;
  const virtual = Math.min(total, MAX_SCROLL_PX);
  // Real pixels per scroll pixel (1 unless the list is taller than MAX_SCROLL_PX).
  const ratio = virtual > vh ? (total - vh) / (virtual - vh) : 1;
  const realTop = scrollTop * ratio;
  const first = Math.max(0, Math.floor(realTop / ROW_H) - OVERSCAN);
  const last = Math.min(n, Math.ceil((realTop + vh) / ROW_H) + OVERSCAN);

  const scrollToRow = (pos: number): void => {
    const el = viewRef.current;
    if (!el) return;
    const top = pos * ROW_H, bottom = top + ROW_H;
    let target: number | null = null;
    if (top < realTop) target = top;
    else if (bottom > realTop + el.clientHeight) target = bottom - el.clientHeight;
    if (target !== null) { el.scrollTop = target / ratio; setScrollTop(el.scrollTop); }
  };

  // A selection from outside (map click, URL): highlight and scroll into view.
  const lastSelected = useRef<number | null>(null);
  useEffect(() => {
    if (selected === lastSelected.current) return;
    lastSelected.current = selected;
    if (selected === null) return;
    const pos = rows.indexOf(selected);
    if (pos >= 0) { setCursor(pos); scrollToRow(pos); }
  }); // runs after every render, acts only when `selected` changed

  // Keep the selected row in view after re-sorting.
  useEffect(() => {
    if (selected === null) return;
    const pos = rows.indexOf(selected);
    if (pos >= 0) { setCursor(pos); scrollToRow(pos); }
  }, [sorted]);

  useEffect(() => { if (cursor !== null && cursor >= n) setCursor(n ? n - 1 : null); }, [n, cursor]);

  const move = (pos: number): void => {
    if (!n) return;
    const p = Math.max(0, Math.min(n - 1, pos));
    setCursor(p);
    scrollToRow(p);
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>): void => {
    if (e.target !== e.currentTarget) return; // header buttons keep their own keys
    const page = Math.max(1, Math.floor(vh / ROW_H) - 1);
    const c = cursor ?? -1;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(c + 1),
      ArrowUp: () => move(c < 0 ? 0 : c - 1),
      PageDown: () => move(c + page),
      PageUp: () => move(c - page),
      Home: () => move(0),
      End: () => move(n - 1),
      Enter: () => { if (cursor !== null && rows[cursor] !== undefined) onSelect(rows[cursor]!); },
    };
    const f = keys[e.key];
    if (f) { e.preventDefault(); f(); }
  };
  const onHeader = (key: SortKey): void => {
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'date' || key === 'killed' || key === 'injured' ? 'desc' : 'asc' }));
  };

  const names = table.strings.perpetrators;
  const visible: React.JSX.Element[] = [];
  for (let pos = first; pos < last; pos++) {
    const i = rows[pos]!;
    const tt = table.threatType[i]!;
    const cls = `an-tr${i === selected ? ' an-selected' : ''}${pos === cursor ? ' an-cursor' : ''}`;
    visible.push(
      <div key={i} id={`${gridId}-r${pos}`} className={cls} role="row" aria-rowindex={pos + 2} aria-selected={i === selected}
        style={{ top: scrollTop + pos * ROW_H - realTop }} onClick={() => { setCursor(pos); onSelect(i); }} data-index={i}>
        <span role="gridcell">{isoDay(table.day[i]!)}</span>
        <span role="gridcell" title={THREAT_TYPES[tt]?.label}><i className="an-dot" style={{ background: groupColour(THREAT_GROUP_OF_TYPE[tt] ?? 5) }} />{THREAT_TYPES[tt]?.label ?? '?'}</span>
        <span role="gridcell" title={names[table.perpetrator[i]!]}>{names[table.perpetrator[i]!] || '—'}</span>
        <span role="gridcell" className="an-num">{table.fatalities[i]}</span>
        <span role="gridcell" className="an-num">{table.injured[i]}</span>
        <span role="gridcell" title={LOCATION_PRECISIONS[table.locationPrecision[i]!]?.label}>{LOC_SHORT[table.locationPrecision[i]!] ?? '?'}</span>
        <span role="gridcell" title={table.ids[i]}>{table.ids[i]}</span>
      </div>,
    );
  }

  const selectedHidden = selected !== null && !rows.includes(selected);
  return (
    <div className="an-itable" data-testid="incident-table">
      <div className="an-row an-itable-bar">
        <input type="search" className="an-search" placeholder="Search id, perpetrator, type, description" value={query}
          onChange={(e) => setQuery(e.target.value)} aria-label="Search incidents" data-testid="incident-search" />
        <span className="an-muted" data-testid="incident-count" data-count={n}>
          {n === indices.length ? fmt(n) : `${fmt(n)} of ${fmt(indices.length)}`}
        </span>
      </div>
      {selectedHidden && <p className="an-hint">The selected incident is not in this list (filtered out or not matching the search).</p>}
      <div className="an-itable-grid" role="grid" aria-rowcount={n + 1} aria-colcount={COLUMNS.length} tabIndex={0} onKeyDown={onKeyDown}
        aria-activedescendant={cursor !== null && cursor >= first && cursor < last ? `${gridId}-r${cursor}` : undefined} aria-label="Filtered incidents">
        <div className="an-tr an-th" role="row" aria-rowindex={1} style={{ paddingRight: 4 + gutter }}>
          {COLUMNS.map((c) => (
            <span key={c.key} role="columnheader" className={c.numeric ? 'an-num' : undefined}
              aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
              <button type="button" title={`${c.title} — sort`} onClick={() => onHeader(c.key)} data-sort={c.key}>
                {c.label}{sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
              </button>
            </span>
          ))}
        </div>
        <div className="an-itable-view" ref={viewRef} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
          <div className="an-itable-spacer" style={{ height: virtual }}>{visible}</div>
          {n === 0 && <p className="an-hint an-empty">No incidents{query ? ' match the search' : ' pass the filters'}.</p>}
        </div>
      </div>
    </div>
  );
}
