/**
 * The "rejected rows" download: owns turning rejections (and, when kept, the original
 * cells of those rows) into a CSV the user can open in a spreadsheet, fix and
 * re-import. Every text cell goes through safeTextCell: a rejected row is exactly the
 * kind of row that may carry a formula (=HYPERLINK(…)) into someone's spreadsheet.
 */
import { safeTextCell } from '../incidentsCsv.ts';
import type { OriginalRows, RejectedRecord } from './types.ts';

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const cell = (s: string): string => quote(safeTextCell(s));

/**
 * CSV with columns `line, field, value, reason`, then (if `originalRows` is given) the
 * file's own columns with the row's original cells. Rows are in file order.
 */
export function rejectedToCsv(rejected: readonly RejectedRecord[], originalRows?: OriginalRows): string {
  const own = originalRows?.header ?? [];
  const sorted = [...rejected].sort((a, b) => a.line - b.line);
  // A broken row may have more cells than the header: give the extra columns names.
  let width = own.length;
  if (originalRows) for (const r of sorted) width = Math.max(width, originalRows.rows.get(r.line)?.length ?? 0);
  // Original column names may collide with ours: prefix them.
  const names = Array.from({ length: width }, (_, k) => `original:${own[k] ?? `column ${k + 1}`}`);
  const out = [['line', 'field', 'value', 'reason', ...names].map(cell).join(',')];
  for (const r of sorted) {
    const cells = [String(r.line), r.field, r.value, r.reason];
    if (originalRows) {
      const orig = originalRows.rows.get(r.line) ?? [];
      for (let k = 0; k < width; k++) cells.push(orig[k] ?? '');
    }
    out.push(cells.map((c, k) => (k === 0 ? c : cell(c))).join(','));
  }
  return out.join('\r\n') + '\r\n';
}
