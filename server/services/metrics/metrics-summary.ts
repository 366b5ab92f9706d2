import type { MetricsView, RequestPointView } from "./metrics-view";

// Readings taken from a metrics view, the same for every reader: pure, so the dashboard imports
// them as they are.

/** The step with the most requests (the earliest of equals); null when no step had any. */
export function busiestStep(points: RequestPointView[]): RequestPointView | null {
  let busiest: RequestPointView | null = null;
  for (const point of points) if (point.requests > (busiest?.requests ?? 0)) busiest = point;
  return busiest;
}

/** Server errors (5xx) as a percentage of all requests; null when there were none. */
export function serverErrorPercent(summary: MetricsView["summary"]): number | null {
  if (summary.requests <= 0) return null;
  return (summary.status["5xx"] / summary.requests) * 100;
}
