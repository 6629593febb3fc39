/**
 * What the briefing takes from the threat register and the analysis: the top ranked
 * threats with their reasons, the new or intensifying hotspots, and the items awaiting a
 * decision (after-action reviews due in the period, high-risk threats no presence
 * reaches, early-warning alerts). Each item carries a point so the briefing links back to
 * the map. Each list is empty until its source exists; the briefing then says so.
 * Mission-wide, like the rest of the briefing: the analyst's filters do not apply (the
 * hotspots are those of the last analysis, which does follow them).
 *
 * `buildBriefingExtras` is pure (tested in node); `useBriefingExtras` feeds it from the
 * stores (src/state/threats.ts memoises the register's numbers for the panel and here).
 */
import { useEffect, useMemo } from 'react';
import type { DayRange } from '../filter/aggregate.ts';
import type { Dataset } from '../io/dataset.ts';
import type { RankedThreat } from '../threats/scoring.ts';
import type { ThreatCandidate } from '../threats/candidates.ts';
import type { AarResult, AarTrigger } from '../threats/aar.ts';
import type { EarlyWarningResult } from '../threats/earlyWarning.ts';
import { areaContains, prepareArea } from '../threats/area.ts';
import { formatNumber, plural } from '../threats/text.ts';
import { useStore } from '../state/store.ts';
import {
  aarOf, areaAnchor, earlyWarningOf, geometryRings, rankingOf, threatActions, useThreats,
} from '../state/threats.ts';

export interface BriefingThreat { id: string; title: string; score: number; reasons: string[]; lon: number; lat: number }
export interface BriefingHotspot { id: string; title: string; detail: string; lon: number; lat: number }
export interface BriefingDecision { id: string; kind: string; text: string; lon?: number; lat?: number }
export interface BriefingExtras { threats: BriefingThreat[]; hotspots: BriefingHotspot[]; decisions: BriefingDecision[] }

export const BRIEFING_TOP_THREATS = 5;
export const BRIEFING_HOTSPOTS = 5;
/** Individual reviews listed under the count (the worst first). */
export const BRIEFING_REVIEW_ITEMS = 3;
/** Reason sentences a leader reads: what happened, atrocity signs, who is exposed, reach, and the verdict. */
const BRIEFING_REASON_KEYS = new Set(['activity', 'atrocity', 'exposure', 'reach', 'score']);
const NEW_OR_INTENSIFYING = ['intensifying_hot', 'new_hot'] as const;

export interface BriefingInputs {
  dataset: Dataset;
  /** The briefing period (null: no period, e.g. an empty dataset). */
  period: DayRange | null;
  ranked: readonly RankedThreat[];
  /** Candidates proposed from the last analysis (emerging hot spots among them). */
  candidates: readonly ThreatCandidate[];
  /** After-action-review triggers for the period. */
  reviews: AarResult | null;
  warning: EarlyWarningResult | null;
}

const EMPTY: BriefingExtras = { threats: [], hotspots: [], decisions: [] };
const km = (x: number): string => formatNumber(x, x < 10 ? 1 : 0);

function point(p: [number, number]): { lon?: number; lat?: number } {
  return Number.isFinite(p[0]) && Number.isFinite(p[1]) ? { lon: p[0], lat: p[1] } : {};
}

function reviewText(r: AarTrigger): string {
  return `${r.incidentId} (${r.date}): ${r.killed} killed, ${r.injured} injured, ${km(r.distanceKm)} km from ${r.presenceName}${r.ownHarm ? ' — attributed to the mission or partnered forces' : ''}`;
}

export function buildBriefingExtras(i: BriefingInputs): BriefingExtras {
  const d = i.dataset;
  const t = d.incidents;

  const threats: BriefingThreat[] = [];
  for (const r of i.ranked.slice(0, BRIEFING_TOP_THREATS)) {
    const [lon, lat] = areaAnchor(r.threat.area.rings);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    threats.push({
      id: r.threat.id, title: r.threat.title, score: Math.round(r.result.score * 10) / 10,
      reasons: r.result.reasons.filter((x) => BRIEFING_REASON_KEYS.has(x.key)).map((x) => x.text), lon, lat,
    });
  }

  const hotspots: BriefingHotspot[] = [];
  if (i.period) {
    const { startDay, endDay } = i.period;
    const found = i.candidates
      .filter((c) => c.origin === 'emerging' && c.pattern !== null && (NEW_OR_INTENSIFYING as readonly string[]).includes(c.pattern))
      .map((c) => {
        const area = prepareArea(c.rings);
        let n = 0, killed = 0;
        for (let k = 0; k < t.length; k++) {
          const day = t.day[k]!;
          if (day < startDay || day > endDay || !areaContains(area, t.lon[k]!, t.lat[k]!)) continue;
          n++; killed += t.fatalities[k]!;
        }
        return { c, n, killed };
      })
      .sort((a, b) => NEW_OR_INTENSIFYING.indexOf(a.c.pattern as (typeof NEW_OR_INTENSIFYING)[number]) - NEW_OR_INTENSIFYING.indexOf(b.c.pattern as (typeof NEW_OR_INTENSIFYING)[number]) || b.n - a.n || (a.c.id < b.c.id ? -1 : 1))
      .slice(0, BRIEFING_HOTSPOTS);
    for (const { c, n, killed } of found) {
      const reach = c.evidence.reasons.find((r) => r.key === 'reach')?.text;
      const [lon, lat] = areaAnchor(c.rings);
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
      hotspots.push({
        id: c.id, title: c.title,
        detail: `${formatNumber(n)} ${plural(n, 'incident', 'incidents')} in the period, ${formatNumber(killed)} ${plural(killed, 'civilian', 'civilians')} killed${reach ? `; ${reach}` : ''}`,
        lon, lat,
      });
    }
  }

  const decisions: BriefingDecision[] = [];
  if (i.reviews && i.reviews.reviewRequired.length) {
    const req = i.reviews.reviewRequired;
    const possible = i.reviews.possible.length;
    const latest = req[0]!; // most recent first (aar.ts)
    decisions.push({
      id: 'aar', kind: 'After-action reviews',
      text: `${formatNumber(req.length)} ${plural(req.length, 'review', 'reviews')} required: civilians killed or harmed within the trigger distance of a presence in the period${possible ? ` (${formatNumber(possible)} more possible, location imprecise)` : ''}`,
      lon: t.lon[latest.index]!, lat: t.lat[latest.index]!,
    });
    const worst = [...req].sort((a, b) => b.killed - a.killed || b.injured - a.injured || b.day - a.day || a.index - b.index).slice(0, BRIEFING_REVIEW_ITEMS);
    for (const r of worst) decisions.push({ id: `aar-${r.incidentId}`, kind: 'Review', text: reviewText(r), lon: t.lon[r.index]!, lat: t.lat[r.index]! });
  }
  for (const r of i.ranked) {
    if (!r.result.flags.capabilityGap) continue;
    const near = r.result.components.reachGap.bestMode === 'air' ? 'within air reach only' : 'no presence reaches the area';
    const snap = r.threat.missionReach;
    const nearest = snap?.nearestKm !== null && snap?.nearestKm !== undefined ? ` (nearest presence ${km(snap.nearestKm)} km${snap.nearestPresenceName ? `, ${snap.nearestPresenceName}` : ''})` : '';
    decisions.push({
      id: `gap-${r.threat.id}`, kind: 'Capability gap',
      text: `T${r.rank} ${r.threat.title}: high risk (${formatNumber(r.result.score, 1)}), ${near}${nearest}`,
      ...point(areaAnchor(r.threat.area.rings)),
    });
  }
  for (const a of i.warning?.alerts ?? []) {
    if (a.level === 'none') continue;
    let anchor: [number, number] = [Number.NaN, Number.NaN];
    if (a.kind === 'aor') {
      const aor = d.aors.find((x) => `aor:${x.id}` === a.areaId);
      if (aor) anchor = areaAnchor(geometryRings(aor.geometry));
    } else {
      const r = i.ranked.find((x) => `threat:${x.threat.id}` === a.areaId);
      if (r) anchor = areaAnchor(r.threat.area.rings);
    }
    decisions.push({ id: `ew-${a.areaId}`, kind: a.level === 'red' ? 'Early warning: red' : 'Early warning: amber', text: a.reason.text, ...point(anchor) });
  }
  return { threats, hotspots, decisions };
}

export function useBriefingExtras(period: DayRange | null): BriefingExtras {
  const dataset = useStore((s) => s.dataset);
  const register = useThreats((s) => s.register);
  const candidates = useThreats((s) => s.candidates.list);
  useEffect(() => threatActions.wantCandidates(), []);
  const start = period?.startDay ?? null, end = period?.endDay ?? null;
  return useMemo(() => {
    if (!dataset) return EMPTY;
    const p = start !== null && end !== null ? { startDay: start, endDay: end } : null;
    return buildBriefingExtras({
      dataset, period: p, ranked: rankingOf(dataset, register).ranked, candidates,
      reviews: p ? aarOf(dataset, register.aar, p) : null, warning: earlyWarningOf(dataset, register),
    });
  }, [dataset, register, candidates, start, end]);
}
