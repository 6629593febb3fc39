/** What a click does while drawing a selection; for circles, an optional radius in km. */
import { actions, useStore } from '../state/store.ts';

export function DrawHint(): React.JSX.Element | null {
  const drawMode = useStore((s) => s.drawMode);
  const radius = useStore((s) => s.drawRadiusKm);
  if (!drawMode) return null;
  return (
    <div className="draw-hint" role="status">
      {drawMode === 'polygon' ? (
        'Click to add corners; double-click, Enter or click the first corner to finish; Backspace undoes; Esc cancels.'
      ) : (
        <>
          <label>
            Radius{' '}
            <input
              type="number" min={0.1} step={0.1} value={radius ?? ''} placeholder="km" aria-label="Circle radius in km" data-testid="circle-radius"
              onChange={(e) => actions.setDrawRadius(e.target.value === '' ? null : Math.max(0.1, Number(e.target.value)))}
            />{' '}
            km:
          </label>{' '}
          {radius ? 'click the centre.' : 'click the centre, then click at the radius (or type a radius first).'} Esc cancels.
        </>
      )}
    </div>
  );
}
