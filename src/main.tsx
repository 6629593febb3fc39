/** Entry point: mounts the app and loads the embedded exercise scenario. */
import { createRoot } from 'react-dom/client';
import { App } from './views/App.tsx';
import { actions } from './state/store.ts';
import { loadExerciseDataset } from './io/loadExercise.ts';
import { restoreViewFromUrl } from './state/urlSync.ts';
import './views/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
restoreViewFromUrl();
createRoot(root).render(<App />);

loadExerciseDataset(import.meta.env.BASE_URL).then(actions.datasetLoaded, (e: unknown) =>
  actions.loadFailed(e instanceof Error ? e.message : String(e)),
);
