/**
 * What the briefing takes from other features when they have something: ranked threats
 * from the threat register, new or intensifying hotspots from the analysis, and the items
 * awaiting a decision (after-action reviews, high threats out of reach, early-warning
 * alerts). Each list is empty until its source exists; the briefing then says so.
 */
import type { DayRange } from '../filter/aggregate.ts';

export interface BriefingThreat { id: string; title: string; score: number; reasons: string[]; lon: number; lat: number }
export interface BriefingHotspot { id: string; title: string; detail: string; lon: number; lat: number }
export interface BriefingDecision { id: string; kind: string; text: string; lon?: number; lat?: number }
export interface BriefingExtras { threats: BriefingThreat[]; hotspots: BriefingHotspot[]; decisions: BriefingDecision[] }

export function useBriefingExtras(_period: DayRange | null): BriefingExtras {
  return { threats: [], hotspots: [], decisions: [] };
}
