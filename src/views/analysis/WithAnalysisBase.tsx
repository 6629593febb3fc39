/**
 * Hands the whole-dataset analysis arrays (AOR membership, per-mode reach bits; computed
 * in the analysis worker when a dataset loads) to a render function, so a panel that is
 * not the analysis panel — the filter panel — re-renders when they arrive.
 */
import { useAnalysisBase } from '../../state/analysis.ts';

export interface AnalysisBaseArrays {
  /** AOR index per incident (−1 none); null until computed, or when there are no AORs. */
  aorOfIncident: Int32Array | null;
  /** Bit m set when mobility mode m reaches the incident; null until computed. */
  reachBits: Uint8Array | null;
}

export function WithAnalysisBase({ children }: { children: (base: AnalysisBaseArrays) => React.ReactNode }): React.ReactNode {
  return children(useAnalysisBase());
}
