/** Small building blocks of the planner panel: collapsible sections, a km field, a Blob download. */
import { useEffect, useState } from 'react';

export function Section({ title, open = true, children, testid }: { title: React.ReactNode; open?: boolean; children: React.ReactNode; testid?: string }): React.JSX.Element {
  return (
    <details className="pl-section" open={open} data-testid={testid}>
      <summary>{title}</summary>
      {children}
    </details>
  );
}

/**
 * A distance field in km. Typing commits each valid value (≥ 0) at once, so the map and the
 * figures follow while the planner types; empty commits null when `allowEmpty` ("as in the data").
 */
export function KmInput({ value, placeholder, onChange, label, allowEmpty = false, max = 2000, testid, width = 52 }: {
  value: number | null; placeholder?: string; onChange(v: number | null): void; label: string; allowEmpty?: boolean; max?: number; testid?: string; width?: number;
}): React.JSX.Element {
  const [draft, setDraft] = useState(value === null ? '' : String(value));
  useEffect(() => setDraft(value === null ? '' : String(value)), [value]);
  const n = Number(draft);
  const invalid = draft.trim() === '' ? !allowEmpty : !(Number.isFinite(n) && n >= 0 && n <= max);
  return (
    <input
      type="number" min={0} max={max} step="any" inputMode="decimal" className="pl-km" style={{ width }}
      value={draft} placeholder={placeholder} aria-label={label} aria-invalid={invalid} data-testid={testid}
      onChange={(e) => {
        const v = e.target.value;
        setDraft(v);
        if (v.trim() === '') { if (allowEmpty) onChange(null); return; }
        const x = Number(v);
        if (Number.isFinite(x) && x >= 0 && x <= max) onChange(x);
      }}
    />
  );
}

/** Save text as a file through a Blob URL: nothing goes over the network. */
export function download(fileName: string, mime: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

/** Row props that make a table row act as a button (click or Enter/Space). */
export function clickRow(onActivate: () => void, title: string): React.HTMLAttributes<HTMLTableRowElement> {
  return {
    tabIndex: 0, title, className: 'pl-click', onClick: onActivate,
    onKeyDown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onActivate(); } },
  };
}
