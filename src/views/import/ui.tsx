/**
 * Small pieces shared by the Data menu's dialogs: the modal frame (focus, Escape, keys
 * kept away from the app's single-letter shortcuts), Blob downloads, number formats.
 * All text is rendered as React text: nothing read from a file becomes HTML.
 */
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';

export const nf = (n: number): string => n.toLocaleString('en');

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1e6).toFixed(1)} MB`;
}

/** Save text as a file: a Blob and a temporary object URL, never a network request. */
export function downloadText(fileName: string, text: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: Chromium starts the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export interface ModalProps {
  title: string;
  onClose(): void;
  children: React.ReactNode;
  testid: string;
  wide?: boolean;
  /** While true, Escape and the backdrop do not close (e.g. an import is running). */
  locked?: boolean;
}

export function Modal({ title, onClose, children, testid, wide, locked }: ModalProps): React.JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    return () => prev?.focus?.();
  }, []);
  return createPortal(
    <div className="dm-backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget && !locked) onClose(); }}>
      <div
        ref={ref}
        className={`dm-dialog${wide ? ' wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testid}
        tabIndex={-1}
        onKeyDown={(e) => {
          // The app's shortcuts (F, T, C, Space…) listen on window: keep keys typed here away from them.
          e.stopPropagation();
          if (e.key === 'Escape' && !locked) onClose();
        }}
      >
        <div className="dm-dialog-head">
          <h2>{title}</h2>
          <button type="button" className="dm-close" onClick={onClose} aria-label="Close" disabled={locked}>×</button>
        </div>
        <div className="dm-dialog-body">{children}</div>
      </div>
    </div>,
    document.body,
  );
}
