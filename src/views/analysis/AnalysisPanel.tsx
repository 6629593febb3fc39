/** The analysis panel: parameters, progress and results of the hotspot and range analysis. */
export function AnalysisPanel(): React.JSX.Element {
  return <p className="note">Analysis is not available yet.</p>;
}
