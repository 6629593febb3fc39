/**
 * Thin comlink wrapper around the analysis engine (src/analysis/api.ts, which documents the
 * job/cancel contract). Results come back as transferables, not copies.
 * Main thread: `Comlink.wrap<AnalysisApi>(new Worker(new URL('../../workers/analysis.worker.ts', import.meta.url), { type: 'module' }))`.
 */
import * as Comlink from 'comlink';
import { analysisApi, withTransfer } from '../src/analysis/api.ts';

Comlink.expose(withTransfer(analysisApi, Comlink.transfer));
