import { draw } from "../charts.js";
import { blocOrder, colourOf, showSources } from "../format.js";

/** Releases per quarter and bloc up to the date, open-weight and closed stacked per bloc. */
export async function showReleases(api, asOf) {
  const path = `/api/releases/stats?period=quarter&groupBy=bloc&to=${asOf}`;
  const rows = await api.get(path);
  const periods = [...new Set(rows.map((row) => row.period))].sort();
  const blocs = [...new Set(rows.map((row) => row.group))].sort((a, b) => blocOrder.indexOf(a) - blocOrder.indexOf(b));
  const cell = (bloc, period) => rows.find((row) => row.group === bloc && row.period === period);

  const series = blocs.flatMap((bloc) => [
    {
      name: `${bloc} open`,
      type: "bar",
      stack: bloc,
      itemStyle: { color: colourOf(bloc) },
      data: periods.map((period) => cell(bloc, period)?.openWeights ?? 0),
    },
    {
      name: `${bloc} closed`,
      type: "bar",
      stack: bloc,
      itemStyle: { color: colourOf(bloc), opacity: 0.4 },
      data: periods.map((period) => {
        const row = cell(bloc, period);
        return row ? row.releases - row.openWeights : 0;
      }),
    },
  ]);

  draw(
    "chart-releases",
    {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "category", data: periods },
      yAxis: { type: "value", name: "models", minInterval: 1 },
      series,
    },
    rows.reduce((sum, row) => sum + row.releases, 0),
  );

  const models = await api.get(`/api/releases/models?to=${asOf}&sort=-releasedOn&pageSize=100`);
  showSources("sources-releases", [path, `/api/releases/models?to=${asOf}&sort=-releasedOn`], models.items.map((model) => model.sourceUrl));
}
