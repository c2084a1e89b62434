import { draw } from "../charts.js";
import { blocOrder, colourOf, escapeHtml, percent, showSources, usd } from "../format.js";

/** Per bloc on the date: releases in the trailing 12 months (open against closed), shares, median price, measures in force. */
export async function showLandscape(api, asOf) {
  const path = `/api/landscape?asOf=${asOf}&groupBy=bloc`;
  const answer = await api.get(path);
  const groups = [...answer.groups].sort((a, b) => blocOrder.indexOf(a.name) - blocOrder.indexOf(b.name));
  const released = groups.reduce((sum, group) => sum + (group.releases?.released ?? 0), 0);

  draw(
    "chart-landscape",
    {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "category", data: groups.map((group) => group.name) },
      yAxis: { type: "value", name: "models", minInterval: 1 },
      series: [
        {
          name: "Open weights",
          type: "bar",
          stack: "released",
          color: "#555b66",
          data: groups.map((group) => ({ value: group.releases?.openWeights ?? 0, itemStyle: { color: colourOf(group.name) } })),
        },
        {
          name: "Closed",
          type: "bar",
          stack: "released",
          color: "#c5c9d1",
          data: groups.map((group) => ({
            value: (group.releases?.released ?? 0) - (group.releases?.openWeights ?? 0),
            itemStyle: { color: colourOf(group.name), opacity: 0.45 },
          })),
        },
      ],
    },
    released,
  );

  document.getElementById("landscape-lede").textContent =
    `Models released from ${answer.releasedFrom} to ${answer.releasedTo}, how many have open weights or are free to use, ` +
    `the median blended API price and the measures in force on ${answer.asOf}.` +
    (answer.degraded.length ? ` Missing: ${answer.degraded.map((part) => `${part.part} (${part.service})`).join(", ")}.` : "");

  const body = document.querySelector("#landscape-table tbody");
  body.innerHTML = groups
    .map((group) => {
      const measures = group.measures;
      const byDirection = measures ? Object.entries(measures.byDirection).map(([direction, count]) => `${count} ${direction}`).join(", ") : "";
      return `<tr>
        <th scope="row">${escapeHtml(group.name)}</th>
        <td class="num">${group.releases?.released ?? "–"}</td>
        <td class="num">${percent(group.releases?.openWeightShare)}</td>
        <td class="num">${percent(group.releases?.freeAccessShare)}</td>
        <td class="num">${usd(group.prices?.medianBlendedUsdPerMillion)}</td>
        <td>${measures ? `${measures.inForce}${byDirection ? ` (${escapeHtml(byDirection)})` : ""}` : "–"}</td>
      </tr>`;
    })
    .join("");

  showSources(
    "sources-landscape",
    [path, `/api/releases/models?from=${answer.releasedFrom}&to=${answer.releasedTo}`, `/api/regulation/status?asOf=${asOf}`],
    groups.map((group) => group.adoption?.source),
  );
}
