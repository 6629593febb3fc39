/** Tooltip following the pointer over the map. */
import { useStore } from '../state/store.ts';

export function HoverTip(): React.JSX.Element | null {
  const hover = useStore((s) => s.hover);
  if (!hover) return null;
  return (
    <div className="hover-tip" role="tooltip" style={{ left: hover.x + 12, top: hover.y + 12 }}>
      {hover.text}
    </div>
  );
}
