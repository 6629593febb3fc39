/**
 * The header's "Data" menu and everything it opens: import (dialog, and a drop zone over
 * the whole window), export, the named workspaces (create, open, rename, delete, save to
 * one file, open from a file) with the autosave state, and the notice that a basemap set
 * during this session needs a reload to pass the Content-Security-Policy.
 * App.tsx renders <DataMenu /> once; the dialogs and overlays are portals from here.
 */
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useStore } from '../../state/store.ts';
import { ACTIVE_CSP } from '../../workspace/cspBoot.ts';
import { CSP_EXTRA_ORIGINS_KEY, originOf } from '../../workspace/csp.ts';
import { describeSource } from '../../workspace/importMerge.ts';
import type { WorkspaceStatus } from '../../workspace/session.ts';
import {
  createWorkspace, deleteWorkspace, exportWorkspaceFile, importWorkspaceFile, renameWorkspace, switchWorkspace, useWorkspace,
} from '../../workspace/session.ts';
import { ExportDialog } from './ExportDialog.tsx';
import { ImportDialog } from './ImportDialog.tsx';
import { downloadText } from './ui.tsx';
import './import.css';

// e2e builds only: the seeded ACLED-like generator, so a 100 MB file can be made inside the page
// (sending it over the DevTools protocol would take longer than importing it). Dropped from other builds.
if (import.meta.env.MODE === 'e2e') {
  void import('../../io/import/synthetic.ts').then((m) => { (window as unknown as { __pocSynthetic?: typeof m }).__pocSynthetic = m; });
}

type Dialog = { kind: 'import'; file: File | null } | { kind: 'export' } | null;

function saveLabel(ws: WorkspaceStatus): string {
  if (!ws.persistent) return 'not saved (storage unavailable)';
  switch (ws.save) {
    case 'pending': return 'unsaved changes…';
    case 'saving': return 'saving…';
    case 'saved': return 'saved';
    case 'error': return 'NOT SAVED';
    default: return ws.current ? 'saved' : 'exercise (nothing to save)';
  }
}

export function DataMenu(): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const ws = useWorkspace();
  const dragging = useFileDrop((file) => { setOpen(false); setDialog({ kind: 'import', file }); });
  const wrap = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent): void => { if (!wrap.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  return (
    <div className="dm" ref={wrap}>
      <button
        type="button"
        className={`dm-button${ws.save === 'error' ? ' error' : ''}`}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="data-menu-button"
        title={`Import, export and workspaces · ${saveLabel(ws)}`}
      >
        Data ▾
      </button>
      <span className={`dm-save ${ws.save}`} data-testid="workspace-save-state" data-state={ws.persistent ? ws.save : 'memory'} title={saveLabel(ws)} aria-label={`Workspace ${saveLabel(ws)}`}>
        {!ws.persistent || ws.save === 'error' ? '!' : ws.save === 'pending' || ws.save === 'saving' ? '…' : ws.current ? '✓' : ''}
      </span>
      {open && (
        <div
          className="dm-pop"
          role="dialog"
          aria-label="Data: import, export and workspaces"
          data-testid="data-menu"
          onKeyDown={(e) => { e.stopPropagation(); if (e.key === 'Escape') setOpen(false); }}
        >
          <div className="dm-pop-actions">
            <button type="button" onClick={() => { setOpen(false); setDialog({ kind: 'import', file: null }); }} data-testid="menu-import">Import data…</button>
            <button type="button" onClick={() => { setOpen(false); setDialog({ kind: 'export' }); }} data-testid="menu-export">Export…</button>
          </div>
          <WorkspaceSection ws={ws} close={() => setOpen(false)} />
        </div>
      )}
      {dragging && createPortal(
        <div className="dm-drop" data-testid="drop-overlay" aria-hidden="true">
          <div>Drop the file to import it<br /><small>CSV, TSV, GeoJSON or a workspace file · read on this computer only</small></div>
        </div>,
        document.body,
      )}
      {dialog?.kind === 'import' && <ImportDialog file={dialog.file} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'export' && <ExportDialog onClose={() => setDialog(null)} />}
      <CspNotice />
    </div>
  );
}

/** Drag and drop anywhere on the window: returns whether files are being dragged over it. */
function useFileDrop(onFile: (f: File) => void): boolean {
  const [dragging, setDragging] = useState(false);
  const cb = useRef(onFile);
  cb.current = onFile;
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent): void => { if (!hasFiles(e)) return; depth++; setDragging(true); };
    const over = (e: DragEvent): void => { if (!hasFiles(e)) return; e.preventDefault(); if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'; };
    const leave = (e: DragEvent): void => { if (!hasFiles(e)) return; depth = Math.max(0, depth - 1); if (depth === 0) setDragging(false); };
    const drop = (e: DragEvent): void => {
      depth = 0;
      setDragging(false);
      const f = e.dataTransfer?.files?.[0];
      if (!f) return;
      // The browser would otherwise open the file as a page.
      e.preventDefault();
      cb.current(f);
    };
    addEventListener('dragenter', enter);
    addEventListener('dragover', over);
    addEventListener('dragleave', leave);
    addEventListener('drop', drop);
    return () => {
      removeEventListener('dragenter', enter);
      removeEventListener('dragover', over);
      removeEventListener('dragleave', leave);
      removeEventListener('drop', drop);
    };
  }, []);
  return dragging;
}

function WorkspaceSection({ ws, close }: { ws: WorkspaceStatus; close(): void }): React.JSX.Element {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [newName, setNewName] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const dataset = useStore((s) => s.dataset);
  const act = (p: Promise<unknown>): void => { setErr(null); p.catch((e: unknown) => setErr(e instanceof Error ? e.message : String(e))); };
  const disabled = ws.busy !== null;

  return (
    <div className="dm-ws" data-testid="workspace-section">
      <h3>Workspaces <span className={`dm-state ${ws.save}`} data-testid="workspace-state">{saveLabel(ws)}</span></h3>
      {!ws.persistent && <p className="dm-warn">This browser refuses local storage: the workspace lasts until the page is closed. Use “Save workspace to file”.</p>}
      {ws.error && <p className="dm-error" role="alert">{ws.error}</p>}
      {ws.list.length === 0 && <p className="dm-note">No saved workspace yet. One is created as soon as you import data or change a setting.</p>}
      <ul className="dm-ws-list" data-testid="workspace-list">
        {ws.list.map((w) => (
          <li key={w.id} className={w.current ? 'current' : ''} data-current={w.current}>
            {renaming === w.id ? (
              <form onSubmit={(e) => { e.preventDefault(); const v = new FormData(e.currentTarget).get('name'); act(renameWorkspace(w.id, String(v ?? ''))); setRenaming(null); }}>
                <input name="name" defaultValue={w.name} maxLength={80} autoFocus aria-label="Workspace name" data-testid="workspace-rename-input" />
                <button type="submit">OK</button>
                <button type="button" onClick={() => setRenaming(null)}>Cancel</button>
              </form>
            ) : (
              <>
                <button type="button" className="dm-ws-name" disabled={w.current || disabled} onClick={() => act(switchWorkspace(w.id))} title={w.current ? 'Open now' : 'Open this workspace'}>
                  {w.current ? '● ' : '○ '}{w.name}
                </button>
                <span className="dm-ws-date">{w.modified.slice(0, 16).replace('T', ' ')}</span>
                <button type="button" className="link" disabled={disabled} onClick={() => setRenaming(w.id)}>Rename</button>
                {confirmDelete === w.id
                  ? <button type="button" className="link danger" onClick={() => { setConfirmDelete(null); act(deleteWorkspace(w.id)); }} data-testid="workspace-delete-confirm">Delete for good</button>
                  : <button type="button" className="link" disabled={disabled} onClick={() => setConfirmDelete(w.id)}>Delete</button>}
              </>
            )}
          </li>
        ))}
      </ul>
      {newName !== null ? (
        <form className="dm-row" onSubmit={(e) => { e.preventDefault(); act(createWorkspace(newName || 'New workspace')); setNewName(null); }}>
          <input value={newName} onChange={(e) => setNewName(e.target.value)} placeholder="Workspace name" maxLength={80} autoFocus aria-label="New workspace name" data-testid="workspace-new-name" />
          <button type="submit">Create</button>
          <button type="button" onClick={() => setNewName(null)}>Cancel</button>
        </form>
      ) : (
        <div className="dm-row">
          <button type="button" disabled={disabled} onClick={() => setNewName('')} data-testid="workspace-new">New workspace</button>
          <button type="button" disabled={disabled || !dataset} onClick={() => act(exportWorkspaceFile().then((f) => downloadText(f.fileName, f.text, 'application/json')))} data-testid="workspace-save-file">Save workspace to file</button>
          <button type="button" disabled={disabled} onClick={() => fileInput.current?.click()}>Open workspace file…</button>
          <input ref={fileInput} type="file" accept=".json" hidden onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) { close(); act(importWorkspaceFile(f)); } }} />
        </div>
      )}
      {ws.busy && <p className="dm-note" role="status">{ws.busy}</p>}
      {err && <p className="dm-error" role="alert">{err}</p>}
      {dataset && (
        <div className="dm-sources">
          <h3>Loaded data</h3>
          <p>{dataset.name}{dataset.exercise ? ' · EXERCISE (synthetic)' : ''}</p>
          <ul>{ws.sources.map((s, i) => <li key={i}>{describeSource(s)}</li>)}</ul>
        </div>
      )}
    </div>
  );
}

/**
 * The CSP is fixed at page load (csp.ts). When the user sets a basemap this session, or
 * the basemap asks other hosts, say so and offer the reload that applies it.
 */
function CspNotice(): React.JSX.Element | null {
  const styleUrl = useStore((s) => s.styleUrl);
  const [blocked, setBlocked] = useState<string[]>([]);
  useEffect(() => {
    const onViolation = (e: SecurityPolicyViolationEvent): void => {
      // Only offer to allow hosts while a user basemap is in force, and only for what a basemap loads
      // (tiles, glyphs, sprites): any other blocked request is not the user's to wave through.
      if (ACTIVE_CSP.allowedOrigins.length === 0 || !['connect-src', 'img-src', 'font-src'].includes(e.effectiveDirective)) return;
      const o = originOf(e.blockedURI);
      if (o) setBlocked((b) => (b.includes(o) ? b : [...b, o]));
    };
    document.addEventListener('securitypolicyviolation', onViolation);
    return () => document.removeEventListener('securitypolicyviolation', onViolation);
  }, []);
  const styleOrigin = originOf(styleUrl);
  if (!styleOrigin) return null;
  const needsReload = !ACTIVE_CSP.allowedOrigins.includes(styleOrigin);
  const others = blocked.filter((o) => o !== styleOrigin && !ACTIVE_CSP.allowedOrigins.includes(o));
  if (!needsReload && others.length === 0) return null;
  const allowAndReload = (): void => {
    try {
      const prev: unknown = JSON.parse(localStorage.getItem(CSP_EXTRA_ORIGINS_KEY) ?? '[]');
      const list = Array.isArray(prev) ? prev.filter((x): x is string => typeof x === 'string') : [];
      localStorage.setItem(CSP_EXTRA_ORIGINS_KEY, JSON.stringify([...new Set([...list, ...others])]));
    } catch {
      // storage refused: the reload applies the style origin only
    }
    location.reload();
  };
  return createPortal(
    <div className="dm-csp" role="alert" data-testid="csp-notice">
      {needsReload
        ? <>Your basemap at <strong>{styleOrigin}</strong> is blocked until the page reloads: the app allows no other server unless it was configured when the page loaded.</>
        : <>Your basemap also asks <strong>{others.join(', ')}</strong>, which is blocked. Allow {others.length > 1 ? 'these servers' : 'this server'} for your basemap?</>}
      {' '}<button type="button" onClick={needsReload && others.length === 0 ? () => location.reload() : allowAndReload}>{needsReload && others.length === 0 ? 'Reload now' : 'Allow and reload'}</button>
    </div>,
    document.body,
  );
}
