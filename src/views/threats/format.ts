/**
 * Words and number formats shared by the threat register's views: flags, phases, statuses,
 * perpetrators and types in the users' words. Fixed formats (not the browser locale) so
 * what the panel says matches the reason sentences and the briefing.
 */
import { PERPETRATOR_TYPES, PRESENCE_TYPES, THREAT_TYPES, THREAT_TYPE_CODE, type PresenceTypeId, type ThreatTypeId } from '../../domain/taxonomy.ts';
import { HOST_STATE_PRESENCE, PHASES, type HostStatePresence, type PhaseId, type Perpetrator, type ThreatStatus } from '../../threats/model.ts';
import type { ScoreFlags } from '../../threats/scoring.ts';
import { formatNumber } from '../../threats/text.ts';
import type { ThreatFlag } from '../../map/threatLayers.ts';

export const fmtScore = (s: number): string => formatNumber(s, 1);
export const fmtKm = (km: number): string => formatNumber(km, km < 10 ? 1 : 0);
export const fmtInt = (n: number): string => formatNumber(n, 0);

export function flagOf(f: ScoreFlags): ThreatFlag {
  return f.capabilityGap ? 'gap' : f.requiresMissionAction ? 'action' : 'below';
}
export const FLAG_LABELS: Readonly<Record<ThreatFlag, string>> = {
  action: 'Requires mission action',
  gap: 'Capability gap',
  below: 'Below high-risk threshold',
};

export function phaseLabel(id: PhaseId): string {
  return PHASES.find((p) => p.id === id)?.label ?? id;
}
export const STATUS_LABELS: Readonly<Record<ThreatStatus, string>> = { draft: 'Draft', active: 'Active', archived: 'Archived' };
export function hostLabel(id: HostStatePresence): string {
  return HOST_STATE_PRESENCE.find((h) => h.id === id)?.label ?? id;
}
export function presenceTypeLabel(id: PresenceTypeId): string {
  return PRESENCE_TYPES.find((p) => p.id === id)?.label ?? id;
}
export function threatTypeLabel(id: ThreatTypeId): string {
  return THREAT_TYPES[THREAT_TYPE_CODE[id]]?.label ?? id;
}

export function perpetratorText(p: Perpetrator): string {
  const type = p.type ? PERPETRATOR_TYPES.find((x) => x.id === p.type)?.label ?? p.type : null;
  if (p.name && type) return `${p.name} (${type})`;
  return p.name ?? type ?? 'Any perpetrator';
}

export function typesText(ids: readonly ThreatTypeId[], max = 3): string {
  if (!ids.length) return 'All threat types';
  const labels = ids.map(threatTypeLabel);
  return labels.length > max ? `${labels.slice(0, max).join(', ')} and ${labels.length - max} more` : labels.join(', ');
}
