import { draw, openSource } from "../charts.js";
import { blocOrder, colourOf, escapeHtml, showSources, urlsIn, usd } from "../format.js";

/** The benchmark both charts read: LMArena's text leaderboard, the one scale every model of the catalog is rated on. */
const Benchmark = "lmarena-text";

/** The lowest price the log axis shows: a free offering is drawn there. */
const FloorUsd = 0.01;

const Free = "#3f9a6b";
const Paid = "#2f5bd3";

const modelOf = (side) => `${side.variant ?? side.model ?? side.modelId}`;

/**
 * Month by month up to the date, the best rating among free or open-weight models (open weights then, or an API price
 * of zero) against the best among paid closed ones, from GET /api/pricing/price-performance/gap.
 */
export async function showQualityGap(api, asOf) {
  const path = `/api/pricing/price-performance/gap?benchmark=${Benchmark}&to=${asOf.slice(0, 7)}`;
  const answer = await api.get(path);
  const months = answer.months;
  const line = (name, side, colour) => ({
    name,
    type: "line",
    step: "end",
    symbolSize: 5,
    connectNulls: false,
    itemStyle: { color: colour },
    data: months.map((month) => ({ value: [month.asOf, month[side]?.score.value ?? null], month, side: month[side] })),
  });
  const lines = [line("Best free or open-weight", "bestFree", Free), line("Best paid (closed)", "bestPaid", Paid)];
  const points = lines.reduce((sum, one) => sum + one.data.filter((datum) => datum.value[1] !== null).length, 0);

  draw(
    "chart-quality",
    {
      tooltip: {
        trigger: "axis",
        formatter: (items) => {
          const month = items[0]?.data?.month;
          if (!month) return "";
          const side = (label, standing) => standing
            ? `${label}: <b>${escapeHtml(modelOf(standing))}</b> ${standing.score.value} (${escapeHtml(standing.score.measuredOn)}, ${escapeHtml(standing.openness)})`
            : `${label}: none scored`;
          const gap = month.gap === null ? "" : `<br>Gap ${month.gap} points` + (month.freeWinRate === null ? "" : `: the free model would win ${Math.round(month.freeWinRate * 100)}% of battles`);
          return `${escapeHtml(month.month)}<br>${side("Free or open", month.bestFree)}<br>${side("Paid", month.bestPaid)}${gap}<br><i>click for the source</i>`;
        },
      },
      xAxis: { type: "time" },
      yAxis: { type: "value", name: "LMArena rating", scale: true },
      series: lines,
    },
    points,
    (event) => event.data?.side && openSource(urlsIn(event.data.side.score.source)),
  );
  showSources(
    "sources-quality-gap",
    [path],
    months.flatMap((month) => [month.bestFree?.score.source, month.bestPaid?.score.source]),
  );
}

/** Every API offering in force on the date whose model has a rating by then: blended price (log) against rating, by bloc. */
export async function showQualityPrice(api, asOf) {
  const path = `/api/pricing/price-performance?benchmark=${Benchmark}&asOf=${asOf}`;
  const answer = await api.get(path);
  const blocs = [...answer.blocs].sort((a, b) => blocOrder.indexOf(a.bloc) - blocOrder.indexOf(b.bloc));
  const series = blocs.map((bloc) => ({
    name: bloc.bloc,
    type: "scatter",
    symbolSize: 11,
    itemStyle: { color: colourOf(bloc.bloc) },
    data: bloc.offerings.map((offering) => ({ value: [Math.max(offering.blendedUsdPerMillion, FloorUsd), offering.score.value], offering })),
  }));

  draw(
    "chart-quality-price",
    {
      tooltip: {
        trigger: "item",
        formatter: (item) => {
          const offering = item.data.offering;
          return `<b>${escapeHtml(offering.provider)}: ${escapeHtml(offering.offering)}</b> (${escapeHtml(item.seriesName)})<br>` +
            `${usd(offering.blendedUsdPerMillion)} per million tokens (blended)<br>` +
            `rating ${offering.score.value} on ${escapeHtml(offering.score.measuredOn)}${offering.variant ? ` (${escapeHtml(offering.variant)})` : ""}<br><i>click for the source</i>`;
        },
      },
      xAxis: { type: "log", name: "USD / M tokens", min: FloorUsd, axisLabel: { formatter: (value) => usd(value) } },
      yAxis: { type: "value", name: "LMArena rating", scale: true },
      series,
    },
    series.reduce((sum, one) => sum + one.data.length, 0),
    (event) => event.data?.offering && openSource(urlsIn(event.data.offering.score.source)),
  );
  const offerings = blocs.flatMap((bloc) => bloc.offerings);
  showSources("sources-quality-price", [path], offerings.flatMap((offering) => [offering.score.source, offering.price.source]));
}
