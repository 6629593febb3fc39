/**
 * `npm run cli -- import FILE [options]`: headless import with the same modules the
 * app's worker runs (src/io/import). Streams the file, writes a JSON report of every
 * rejected record and warning, optionally the normalised incidents in the app's own CSV
 * format and the rejected rows as a CSV to fix and re-import.
 *
 * Exit codes: 0 imported (rejections are not failures: they are reported), 1 the file
 * could not be imported at all, 2 usage error.
 */
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { incidentsToCsv } from '../../src/io/incidentsCsv.ts';
import type { BBox, ColumnMapping, FormatFamily, ImportKind, ImportOptions, ValueMaps } from '../../src/io/import/index.ts';
import { ImportError, importStream, parseUcdpActorList, rejectedToCsv, summarizeWarnings } from '../../src/io/import/index.ts';
import { renderMappingBlock } from '../../src/io/import/mappingDoc.ts';

const USAGE = `usage: npm run cli -- import FILE [--format acled|ged|generic|geojson] [--kind incidents|presences|sites|aors]
         [--mapping mapping.json] [--delimiter ,|;|tab|pipe] [--date-order dmy|mdy] [--decimal-comma]
         [--bbox minLon,minLat,maxLon,maxLat] [--actors ucdp-actor-list.csv] [--out-of-scope reject|other]
         [--report report.json] [--out normalized.csv] [--rejected rejected.csv]
       npm run cli -- import --mapping-doc      (print the generated block of docs/import-mapping.md)
mapping.json: {"date": "...", "lon": "...", "lat": "...", "threatType": "...", ...} or {"mapping": {...}, "valueMaps": {"threatType": {"label": "code"}}}`;

const FAMILIES = ['acled', 'ged', 'generic', 'geojson'] as const;
const KINDS = ['incidents', 'presences', 'sites', 'aors'] as const;

class UsageError extends Error {}

interface Parsed {
  file: string;
  opts: ImportOptions;
  report?: string;
  out?: string;
  rejectedOut?: string;
}

function parseArgs(args: string[]): Parsed | 'doc' {
  const opts: ImportOptions = {};
  let file: string | undefined;
  let report: string | undefined, out: string | undefined, rejectedOut: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const val = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--mapping-doc': return 'doc';
      case '--format': {
        const v = val();
        if (!(FAMILIES as readonly string[]).includes(v)) throw new UsageError(`--format must be one of ${FAMILIES.join(', ')}`);
        opts.format = v as FormatFamily;
        break;
      }
      case '--kind': {
        const v = val();
        if (!(KINDS as readonly string[]).includes(v)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}`);
        opts.kind = v as ImportKind;
        break;
      }
      case '--mapping': {
        const j = JSON.parse(readFileSync(val(), 'utf8')) as { mapping?: ColumnMapping; valueMaps?: ValueMaps } & Partial<ColumnMapping>;
        const m = (j.mapping ?? j) as ColumnMapping;
        if (!m.date || !m.lon || !m.lat) throw new UsageError('the mapping must name the date, lon and lat columns');
        opts.mapping = m;
        if (j.valueMaps) opts.valueMaps = j.valueMaps;
        break;
      }
      case '--delimiter': {
        const v = val();
        const d = v === 'tab' || v === '\\t' ? '\t' : v === 'pipe' ? '|' : v;
        if (d !== ',' && d !== ';' && d !== '\t' && d !== '|') throw new UsageError('--delimiter must be , ; tab or pipe');
        opts.delimiter = d;
        break;
      }
      case '--date-order': {
        const v = val();
        if (v !== 'dmy' && v !== 'mdy') throw new UsageError('--date-order must be dmy or mdy');
        opts.dateOrder = v;
        break;
      }
      case '--decimal-comma': opts.decimalComma = true; break;
      case '--bbox': {
        const n = val().split(',').map(Number);
        if (n.length !== 4 || n.some((x) => !Number.isFinite(x))) throw new UsageError('--bbox needs minLon,minLat,maxLon,maxLat');
        opts.expectedBbox = n as unknown as BBox;
        break;
      }
      case '--actors': opts.actorTypes = parseUcdpActorList(readFileSync(val(), 'utf8')); break;
      case '--out-of-scope': {
        const v = val();
        if (v !== 'reject' && v !== 'other') throw new UsageError('--out-of-scope must be reject or other');
        opts.acledOutOfScope = v;
        break;
      }
      case '--report': report = val(); break;
      case '--out': out = val(); break;
      case '--rejected': rejectedOut = val(); break;
      default:
        if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
        if (file) throw new UsageError('only one FILE');
        file = a;
    }
  }
  if (!file) throw new UsageError('FILE is required');
  return { file, opts, ...(report ? { report } : {}), ...(out ? { out } : {}), ...(rejectedOut ? { rejectedOut } : {}) };
}

export async function run(args: string[]): Promise<number> {
  let p: Parsed | 'doc';
  try {
    p = parseArgs(args);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    console.error(USAGE);
    return 2;
  }
  if (p === 'doc') {
    console.log(renderMappingBlock());
    return 0;
  }
  const { file, opts } = p;
  let res;
  try {
    res = await importStream(() => createReadStream(file, { highWaterMark: 1 << 20 }), opts);
  } catch (e) {
    if (e instanceof ImportError || (e instanceof Error && 'code' in e)) {
      console.error(`import failed: ${e.message}`);
      return 1;
    }
    throw e;
  }
  const summary = summarizeWarnings(res.warnings);
  if (p.report) {
    writeFileSync(p.report, JSON.stringify({
      file, kind: res.kind, format: res.format, encoding: res.encoding, records: res.records,
      accepted: res.accepted.length, rejectedCount: res.rejected.length, rejected: res.rejected,
      warningCount: res.warnings.length, warningSummary: summary, warnings: res.warnings,
    }, null, 1) + '\n');
  }
  if (p.out) {
    // Incidents in the app's own CSV; other kinds as a JSON array (they have no app CSV format).
    writeFileSync(p.out, res.kind === 'incidents' ? incidentsToCsv(res.accepted) : JSON.stringify(res.accepted) + '\n');
  }
  if (p.rejectedOut) writeFileSync(p.rejectedOut, rejectedToCsv(res.rejected, res.originalRows));
  console.log(`${file}: ${res.kind} / ${res.format} (${res.encoding}): ${res.records} records = ${res.accepted.length} accepted + ${res.rejected.length} rejected; ${res.warnings.length} warnings`);
  for (const w of summary.slice(0, 10)) console.log(`  warning ×${w.count}: ${w.field}: ${w.message}`);
  return 0;
}
