/**
 * Thin comlink wrapper around the force planner's core (src/planning/api.ts documents the
 * job, cancel and what-if session contract). Results come back as transferables.
 * Main thread: src/state/planner.ts (`Comlink.wrap<PlanningApi>(worker)`).
 */
import * as Comlink from 'comlink';
import { planningApi, withPlanningTransfer } from '../src/planning/api.ts';

Comlink.expose(withPlanningTransfer(planningApi, Comlink.transfer));
