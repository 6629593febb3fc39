/** The force planner panel: coverage by mobility mode, gaps, what-if bases and the optimiser. */
export function PlannerPanel(): React.JSX.Element {
  return <p className="note">The planner is not available yet.</p>;
}
