/**
 * The extension point for exports beyond incidents and presences (analysis results:
 * hotspots, coverage gaps, the threat register…). A feature registers a provider once;
 * the Export dialog lists every provider whose `available()` is true.
 *
 * Contract for providers (the do-no-harm rules are not optional):
 *   - honour `options.includeSensitiveText` (no free text or source fields unless true)
 *     and `options.generalise` for anything located at a sensitive incident;
 *   - put the provenance in the file: `provenanceCsvLines` / `provenanceMetadata` from
 *     exports.ts, with `content` naming what the rows are;
 *   - run `safeTextCell` on every CSV text cell;
 *   - return text; the dialog makes the Blob and the download (no network).
 */
import type { ExportContext, IncidentExportOptions } from './exports.ts';

export type ExportFormat = 'csv' | 'geojson';

export interface ExportFile {
  fileName: string;
  mime: string;
  text: string;
}

export interface ExportProvider {
  id: string;
  label: string;
  formats: readonly ExportFormat[];
  /** True when there is something to export now (e.g. an analysis has been run). */
  available(): boolean;
  build(format: ExportFormat, options: IncidentExportOptions, ctx: ExportContext): ExportFile;
}

const providers = new Map<string, ExportProvider>();
const listeners = new Set<() => void>();
/** A stable array between changes (React's useSyncExternalStore compares snapshots by identity). */
let snapshot: readonly ExportProvider[] = [];

function changed(): void {
  snapshot = [...providers.values()];
  for (const l of listeners) l();
}

/** Register (or replace, by id) a provider; returns the function that removes it. */
export function registerExportProvider(p: ExportProvider): () => void {
  providers.set(p.id, p);
  changed();
  return () => {
    if (providers.get(p.id) === p) providers.delete(p.id);
    changed();
  };
}

export function exportProviders(): readonly ExportProvider[] {
  return snapshot;
}

export function onExportProvidersChange(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
