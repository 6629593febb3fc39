/**
 * Entry point: sets the Content-Security-Policy first, opens the saved workspaces, mounts
 * the app and loads the current workspace's data (the embedded exercise scenario when
 * there is no saved workspace yet).
 */
// Must stay the first import: the policy has to be in force before anything else runs or fetches.
import './workspace/cspBoot.ts';
import { createRoot } from 'react-dom/client';
import { App } from './views/App.tsx';
import { restoreViewFromUrl } from './state/urlSync.ts';
import { loadStartDataset, openWorkspaces } from './workspace/session.ts';
import './views/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
// Saved settings (layers, map view, basemap) first, so the map is created with them; a view in the URL wins.
await openWorkspaces();
restoreViewFromUrl();
createRoot(root).render(<App />);
void loadStartDataset();
