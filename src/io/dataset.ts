/**
 * A loaded dataset: everything the map shows for one mission area. The exercise scenario
 * and (later) imported workspaces both end up in this shape.
 */
import type { IncidentTable } from '../domain/incidents.ts';
import type { AreaOfResponsibility, DisplacementSite, Presence, Settlement } from '../domain/presence.ts';
import type { RejectedRecord } from './incidentsCsv.ts';

export interface Dataset {
  name: string;
  /** True for the synthetic exercise scenario: the UI must say so on every screen. */
  exercise: boolean;
  period: { start: string; end: string } | null;
  incidents: IncidentTable;
  presences: Presence[];
  aors: AreaOfResponsibility[];
  sites: DisplacementSite[];
  settlements: Settlement[];
  roads: GeoJSON.FeatureCollection<GeoJSON.LineString> | null;
  /** Records of the incident file that were not loaded, with their reasons. */
  rejected: RejectedRecord[];
}
