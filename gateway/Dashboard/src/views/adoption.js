import { draw, openSource } from "../charts.js";
import { colourOf, escapeHtml, people, showSources, urlsIn } from "../format.js";

/** Metrics that count people, comparable on one axis. */
const UserMetrics = ["weekly-active-users", "monthly-active-users", "registered-users"];

/** How many series of each user metric the chart draws: the largest by their latest standing value. */
const LinesPerMetric = 12;

/**
 * User counts of the largest products up to the date (log scale), with the milestones crossed marked. A page of
 * series per user metric (not the whole list), the largest of it by latest value, then those series' points and
 * milestones: a bounded number of requests however many series the service holds.
 */
export async function showAdoption(api, asOf) {
  const listPaths = UserMetrics.map((metric) => `/api/adoption/series?metric=${metric}&pageSize=200`);
  const pages = await Promise.all(listPaths.map((path) => api.get(path)));
  const chosen = pages.flatMap((page) =>
    page.items
      .filter((series) => series.latest?.value != null)
      .sort((a, b) => b.latest.value - a.latest.value)
      .slice(0, LinesPerMetric));
  const details = await Promise.all(chosen.map((series) => api.get(`/api/adoption/series/${encodeURIComponent(series.id)}`)));

  const lines = details
    .map((series) => {
      const points = series.points.filter((point) => !point.retracted && point.observedOn <= asOf && point.value !== null);
      const reached = series.milestones.filter((milestone) => milestone.reachedOn <= asOf);
      return {
        name: `${series.subject.name} (${series.metric.replaceAll("-", " ")}, ${series.regionName ?? series.region})`,
        type: "line",
        symbolSize: 6,
        itemStyle: { color: colourOf(series.subject.link?.bloc) },
        data: points.map((point) => ({ value: [point.observedOn, point.value], point })),
        markPoint: {
          symbol: "pin",
          symbolSize: 34,
          label: { formatter: (mark) => people(mark.data.threshold), fontSize: 9 },
          data: reached.map((milestone) => ({ coord: [milestone.reachedOn, milestone.value], threshold: milestone.threshold, name: `${people(milestone.threshold)} reached` })),
        },
      };
    })
    .filter((line) => line.data.length > 0);

  draw(
    "chart-adoption",
    {
      tooltip: {
        trigger: "item",
        formatter: (item) => {
          if (item.componentType === "markPoint") return `${escapeHtml(item.seriesName)}: ${escapeHtml(item.name)}`;
          const point = item.data.point;
          return `<b>${escapeHtml(item.seriesName)}</b><br>${escapeHtml(point.observedOn)}: ${people(point.value)} (${escapeHtml(point.valueAsReported ?? "")})<br>` +
            `${escapeHtml(point.measurementType)}, ${escapeHtml(point.confidence)} confidence<br><i>click for the source</i>`;
        },
      },
      xAxis: { type: "time" },
      yAxis: { type: "log", name: "users", axisLabel: { formatter: (value) => people(value) } },
      series: lines,
    },
    lines.reduce((sum, line) => sum + line.data.length, 0),
    (event) => event.data?.point && openSource(urlsIn(event.data.point.source)),
  );
  showSources("sources-adoption", listPaths, lines.flatMap((line) => line.data.map((datum) => datum.point.source)));
}
