/**
 * Thin comlink wrapper that proposes candidate threats off the main thread
 * (src/threats/candidates.ts proposeCandidates; the contract is CandidateWorkerApi in
 * src/state/threats.ts). It lives beside the threat views rather than in workers/
 * because it is started only by the threat register's state.
 * The dataset is sent once (setContext); each analysis result then costs one call.
 */
import * as Comlink from 'comlink';
import type { EvidenceContext } from '../../threats/evidence.ts';
import { proposeCandidates } from '../../threats/candidates.ts';
import type { CandidateWorkerApi } from '../../state/threats.ts';

let ctx: EvidenceContext | null = null;

const api: CandidateWorkerApi = {
  setContext(c) {
    ctx = c;
  },
  propose(sources, options) {
    if (!ctx) throw new Error('candidate worker: no dataset sent yet');
    return proposeCandidates(ctx, sources, options);
  },
};

Comlink.expose(api);
