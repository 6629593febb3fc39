/**
 * Do-no-harm for anything that leaves the screen (print, PDF, PNG): sensitive incident
 * types (CRSV, child recruitment) are shown at the centre of a grid cell, never at their
 * recorded place, so a printed map cannot point at a survivor's village.
 */
import { SENSITIVE_THREAT_TYPES, THREAT_TYPE_CODE } from '../domain/taxonomy.ts';

const SENSITIVE_CODES = new Set(SENSITIVE_THREAT_TYPES.map((id) => THREAT_TYPE_CODE[id]));

export function isSensitiveType(code: number): boolean {
  return SENSITIVE_CODES.has(code);
}

/** Centre of the `cellDeg` grid cell holding (lon, lat). */
export function generalisedPosition(lon: number, lat: number, cellDeg = 0.25): [number, number] {
  return [(Math.floor(lon / cellDeg) + 0.5) * cellDeg, (Math.floor(lat / cellDeg) + 0.5) * cellDeg];
}
