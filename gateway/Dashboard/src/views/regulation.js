import { draw, openSource } from "../charts.js";
import { escapeHtml, showSources, urlsIn } from "../format.js";

/** How a lifecycle step is drawn: the measures' life from proposal to revocation. */
const Stages = [
  { name: "Proposed", steps: ["proposed", "politically-agreed"], colour: "#8aa4e6", symbol: "emptyCircle" },
  { name: "Adopted", steps: ["adopted"], colour: "#2f5bd3", symbol: "circle" },
  { name: "In force", steps: ["entered-into-force", "application-started"], colour: "#2e8b57", symbol: "diamond" },
  { name: "Amended or amendment proposed", steps: ["amended", "amendment-proposed"], colour: "#e0a100", symbol: "rect" },
  { name: "Suspended, lifted or revoked", steps: ["suspended", "lifted", "revoked"], colour: "#d0343a", symbol: "triangle" },
];

const First = "2023-01-01";
const WindowDays = 366;

function addDays(date, days) {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

/** Every lifecycle step of every measure up to the date, one row per jurisdiction. */
export async function showRegulation(api, asOf) {
  const paths = [];
  for (let from = First; from <= asOf; from = addDays(from, WindowDays)) {
    const to = addDays(from, WindowDays - 1) < asOf ? addDays(from, WindowDays - 1) : asOf;
    paths.push(`/api/timeline?from=${from}&to=${to}&kinds=regulation`);
  }
  const answers = await Promise.all(paths.map((path) => api.get(path)));
  const facts = answers.flatMap((answer) => answer.facts).filter((fact) => fact.on <= asOf);
  const jurisdictions = [...new Set(facts.map((fact) => fact.details.jurisdiction))].sort();

  const series = Stages.map((stage) => ({
    name: stage.name,
    type: "scatter",
    symbol: stage.symbol,
    symbolSize: 10,
    itemStyle: { color: stage.colour },
    data: facts
      .filter((fact) => stage.steps.includes(fact.details.event.step))
      .map((fact) => ({ value: [fact.on, fact.details.jurisdiction], fact })),
  }));
  const other = facts.filter((fact) => !Stages.some((stage) => stage.steps.includes(fact.details.event.step)));
  if (other.length) {
    series.push({ name: "Other steps", type: "scatter", symbolSize: 8, itemStyle: { color: "#7a7f8c" }, data: other.map((fact) => ({ value: [fact.on, fact.details.jurisdiction], fact })) });
  }

  draw(
    "chart-regulation",
    {
      tooltip: {
        trigger: "item",
        formatter: (item) => {
          const fact = item.data.fact;
          return `<b>${escapeHtml(fact.details.title)}</b><br>${escapeHtml(fact.details.jurisdiction)} · ${escapeHtml(fact.details.type)} · ${escapeHtml(fact.details.direction)}<br>` +
            `${escapeHtml(fact.details.event.step === "other" ? fact.details.event.stepLabel ?? "other" : fact.details.event.step)} on ${escapeHtml(fact.on)}<br><i>click for the source</i>`;
        },
      },
      grid: { left: 8, right: 16, top: 56, bottom: 40, containLabel: true },
      xAxis: { type: "time", min: First, max: asOf },
      yAxis: { type: "category", data: jurisdictions, axisLabel: { interval: 0 } },
      dataZoom: [{ type: "slider", xAxisIndex: 0, height: 18, bottom: 6 }],
      series,
    },
    facts.length,
    (event) => event.data?.fact && openSource(urlsIn(event.data.fact.details.event.source)),
  );
  showSources("sources-regulation", paths, facts.map((fact) => fact.details.event.source));
}
