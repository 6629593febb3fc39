/** Thin comlink wrapper: parses incident files off the main thread; columns come back as transferables. */
import * as Comlink from 'comlink';
import { datasetApi } from '../src/io/datasetApi.ts';
import { incidentTransferables } from '../src/domain/incidents.ts';

Comlink.expose({
  async parseIncidentsCsvUrl(url: string) {
    const parsed = await datasetApi.parseIncidentsCsvUrl(url);
    return Comlink.transfer(parsed, incidentTransferables(parsed.table));
  },
} satisfies typeof datasetApi);
