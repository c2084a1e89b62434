import { draw, openSource } from "../charts.js";
import { escapeHtml, showSources, urlsIn } from "../format.js";

/** The currencies a reader can read the plans in: the large markets of the reference FX table. */
export const ReaderCurrencies = ["USD", "EUR", "CNY", "INR", "BRL", "IDR", "NGN", "KES", "ZAR", "PKR", "BDT", "VND", "PHP", "EGP", "MXN", "TRY", "ARS", "COP", "THB", "MYR", "JPY", "KRW", "GBP"];

const money = (amount) => (amount ? `${amount.value.toLocaleString("en", { maximumFractionDigits: amount.value >= 100 ? 0 : 2 })} ${escapeHtml(amount.currency)}` : "–");
const dollars = (value, unit = "$") => (value === null || value === undefined ? "–" : `${unit}${value.toLocaleString("en", { maximumFractionDigits: 2 })}`);

/**
 * Consumer plans in force on the date, compared across currencies: as stated, in USD at the rate of their date, in
 * a reader's currency, and in purchasing-power terms (international dollars at the World Bank PPP factor): what a
 * plan weighs for someone paid in the reader's currency. A 399-rupee plan and a 20-dollar one, side by side.
 */
export async function showPlans(api, asOf) {
  const reader = document.getElementById("plans-currency").value;
  const path = `/api/pricing/price-comparison?kind=subscription&asOf=${asOf}&pageSize=60&in=${encodeURIComponent(reader)}`;
  const page = await api.get(path);
  const rows = page.items;

  const body = document.querySelector("#plans-table tbody");
  body.replaceChildren(...rows.map((row) => {
    const tr = document.createElement("tr");
    const price = row.price;
    tr.innerHTML = `<th scope="row">${escapeHtml(row.provider)}: ${escapeHtml(row.offering)}</th>` +
      `<td>${money(price.stated)}</td><td>${price.usd === null ? "pending" : dollars(price.usd)}</td>` +
      `<td>${money(price.inCurrency?.amount)}</td>` +
      `<td>${dollars(price.inCurrency?.ppp?.internationalDollars, "Int$")}</td>` +
      `<td>${dollars(price.statedPpp?.internationalDollars, "Int$")}</td>`;
    return tr;
  }));
  document.getElementById("plans-reader").textContent = reader;

  const shown = rows.filter((row) => row.price.usd !== null);
  const labels = shown.map((row) => `${row.provider}: ${row.offering}`);
  draw(
    "chart-plans",
    {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", name: "per month" },
      yAxis: { type: "category", data: labels, axisLabel: { width: 180, overflow: "truncate" } },
      series: [
        { name: "USD at market rates", type: "bar", data: shown.map((row) => ({ value: row.price.usd, row })), itemStyle: { color: "#2f5bd3" } },
        {
          name: `International $ for someone paid in ${reader}`,
          type: "bar",
          data: shown.map((row) => ({ value: row.price.inCurrency?.ppp?.internationalDollars ?? null, row })),
          itemStyle: { color: "#e0a100" },
        },
      ],
    },
    shown.length,
    (event) => event.data?.row && openSource(urlsIn(event.data.row.source)),
  );
  showSources("sources-plans", [path], [...rows.map((row) => row.source), ...rows.map((row) => row.price.inCurrency?.ppp?.source ?? row.price.statedPpp?.source)]);
}
