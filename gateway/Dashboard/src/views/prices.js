import { draw, openSource } from "../charts.js";
import { blocOrder, colourOf, escapeHtml, monthStart, showSources, urlsIn, usd } from "../format.js";

/** The lowest price the log axis shows: a cut to free is drawn there, labelled free. */
const FloorUsd = 0.01;

/** Median blended API price per bloc and month up to the date (log scale), with the latest 500 price cuts up to the date marked. */
export async function showPrices(api, asOf) {
  const indexPath = `/api/pricing/price-index?to=${asOf.slice(0, 7)}`;
  const cutsPath = `/api/pricing/price-cuts?until=${asOf}&sort=-effectiveOn&limit=500`;
  const [index, cuts] = await Promise.all([api.get(indexPath), api.get(cutsPath)]);
  const blocs = [...index].sort((a, b) => blocOrder.indexOf(a.bloc) - blocOrder.indexOf(b.bloc));

  const lines = blocs.map((bloc) => ({
    name: bloc.bloc,
    type: "line",
    step: "end",
    showSymbol: false,
    connectNulls: false,
    itemStyle: { color: colourOf(bloc.bloc) },
    data: bloc.months
      .filter((month) => month.medianBlendedUsdPerMillion !== null)
      .map((month) => [monthStart(month.month), month.medianBlendedUsdPerMillion]),
  }));
  const cutPoints = cuts.map((cut) => ({
    value: [cut.effectiveOn, Math.max(cut.to?.blendedUsdPerMillion ?? 0, FloorUsd)],
    itemStyle: { color: colourOf(cut.bloc) },
    cut,
  }));
  const points = lines.reduce((sum, line) => sum + line.data.length, 0) + cutPoints.length;

  draw(
    "chart-prices",
    {
      tooltip: {
        trigger: "item",
        formatter: (item) => {
          if (item.data?.cut) {
            const cut = item.data.cut;
            return `<b>Price cut</b> ${escapeHtml(cut.effectiveOn)}<br>${escapeHtml(cut.provider)}: ${escapeHtml(cut.offering)}<br>` +
              `${usd(cut.from?.blendedUsdPerMillion)} → ${cut.toFree ? "free" : usd(cut.to?.blendedUsdPerMillion)} (${cut.percent}%)<br><i>click for the source</i>`;
          }
          return `${escapeHtml(item.seriesName)} ${escapeHtml(String(item.value[0]).slice(0, 7))}: ${usd(item.value[1])} per million tokens (median)`;
        },
      },
      xAxis: { type: "time" },
      yAxis: { type: "log", name: "USD / M tokens", min: FloorUsd, axisLabel: { formatter: (value) => usd(value) } },
      series: [
        ...lines,
        { name: "Price cuts", type: "scatter", symbol: "triangle", symbolRotate: 180, symbolSize: 11, data: cutPoints, itemStyle: { color: "#444" } },
      ],
    },
    points,
    (event) => event.data?.cut && openSource(urlsIn(event.data.cut.source)),
  );
  showSources("sources-prices", [indexPath, cutsPath], cuts.map((cut) => cut.source));
}
