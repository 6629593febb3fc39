/**
 * What the dataset worker does: fetch and parse incident files off the main thread.
 * A plain object so the main thread types its proxy with `Comlink.wrap<typeof datasetApi>`.
 */
import { parseIncidentsCsv, type ParsedIncidents } from './incidentsCsv.ts';

export const datasetApi = {
  async parseIncidentsCsvUrl(url: string): Promise<ParsedIncidents> {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
    return parseIncidentsCsv(await res.text());
  },
};
export type DatasetApi = typeof datasetApi;
