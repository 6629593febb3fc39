/**
 * Public surface of the import core (what the dataset worker, the UI's mapping dialog
 * and the CLI use). Everything here is pure: no DOM, no node APIs.
 */
export type {
  ActorTypeTable, BBox, ColumnMapping, FormatFamily, ImportFormat, ImportKind, ImportOptions, ImportProgress, ImportResult,
  ImportWarning, ImportedPresence, ImportedSite, IncidentImport, MappedField, OriginalRows, PresenceImport, RejectedRecord,
  SiteImport, AorImport, ValueMaps,
} from './types.ts';
export { ImportError, acceptedCount } from './types.ts';
export type { DecodedText, DetectedEncoding } from './decode.ts';
export { ChunkDecoder, decodeBytes } from './decode.ts';
export type { Importer } from './importer.ts';
export { createImporter, importBytes, importStream, importText, summarizeWarnings } from './importer.ts';
export { guessMapping } from './generic.ts';
export type { MappingGuess } from './generic.ts';
export { parseUcdpActorList } from './ged.ts';
export { rejectedToCsv } from './rejectedCsv.ts';
export { sniffDelimiter } from './csv.ts';
export { previewFile } from './preview.ts';
export type { FilePreview } from './preview.ts';
