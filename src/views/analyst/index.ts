/** The analyst workspace building blocks, for the app shell to place (bottom dock, right panel). */
export { Timeline, type TimelineProps } from './Timeline.tsx';
export { Playback, usePlaybackController, usePlaybackKeys, type PlaybackController, type PlaybackProps, type PlaybackSpeed } from './Playback.tsx';
export { FilterPanel, type FilterPanelProps } from './FilterPanel.tsx';
export { FilterChips, filterChips, type FilterChip, type FilterChipsProps } from './FilterChips.tsx';
export { IncidentTable, type IncidentTableProps } from './IncidentTable.tsx';
export { FatalitiesChart, type FatalitiesChartProps } from './charts/FatalitiesChart.tsx';
export { PerpetratorChart, type PerpetratorChartProps } from './charts/PerpetratorChart.tsx';
export { VictimsChart, type VictimsChartProps } from './charts/VictimsChart.tsx';
export { TopAreasChart, type TopAreasChartProps } from './charts/TopAreasChart.tsx';
