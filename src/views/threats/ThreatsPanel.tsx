/** The threat register panel: ranked threats with their reasons, candidates, early warning, reviews. */
export function ThreatsPanel(): React.JSX.Element {
  return <p className="note">The threat register is not available yet.</p>;
}
