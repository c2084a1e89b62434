// The dashboard: every view reads the gateway's APIs as of one date, which the date control moves.
import { Api, findKey, keepKey } from "./api.js";
import { failed, loading } from "./charts.js";
import { showAdoption } from "./views/adoption.js";
import { followEvents } from "./views/events.js";
import { showLandscape } from "./views/landscape.js";
import { ReaderCurrencies, showPlans } from "./views/plans.js";
import { showPrices } from "./views/prices.js";
import { showQualityGap, showQualityPrice } from "./views/quality.js";
import { showRegulation } from "./views/regulation.js";
import { showReleases } from "./views/releases.js";
import { ModelSearch } from "./views/search.js";

const views = [
  ["chart-landscape", showLandscape],
  ["chart-releases", showReleases],
  ["chart-prices", showPrices],
  ["chart-regulation", showRegulation],
  ["chart-adoption", showAdoption],
  ["chart-plans", showPlans],
  ["chart-quality", showQualityGap],
  ["chart-quality-price", showQualityPrice],
];

async function start() {
  const key = await findKey();
  if (!key) {
    askForKey();
    return;
  }
  const api = new Api(key);
  document.getElementById("key-status").textContent = "reading with a reader key";

  const input = document.getElementById("as-of");
  const today = new Date().toISOString().slice(0, 10);
  input.max = today;
  // A date in the address wins; else the latest release in the catalog, so the bundled data shows on first load.
  input.value = new URLSearchParams(location.search).get("asOf") ?? (await latestRelease(api)) ?? today;

  const plansCurrency = document.getElementById("plans-currency");
  plansCurrency.replaceChildren(...ReaderCurrencies.map((code) => new Option(code, code)));
  plansCurrency.value = new URLSearchParams(location.search).get("in") ?? "INR";

  const search = new ModelSearch(api, input.value);
  const showAll = async () => {
    const asOf = input.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return;
    history.replaceState(null, "", `?asOf=${asOf}`);
    document.body.dataset.asOf = asOf;
    await Promise.all([
      ...views.map(async ([id, show]) => {
        loading(id);
        try {
          await show(api, asOf);
        } catch (error) {
          failed(id, error);
        }
      }),
      search.moveTo(asOf).catch(() => {}),
    ]);
    document.body.dataset.shownAsOf = asOf;
  };
  input.addEventListener("change", showAll);
  plansCurrency.addEventListener("change", async () => {
    loading("chart-plans");
    try {
      await showPlans(api, input.value);
    } catch (error) {
      failed("chart-plans", error);
    }
  });
  document.getElementById("as-of-today").addEventListener("click", () => {
    input.value = today;
    showAll();
  });
  followEvents(api);
  await showAll();
}

async function latestRelease(api) {
  try {
    const newest = await api.get("/api/releases/models?sort=-releasedOn&pageSize=1");
    return newest.items[0]?.releasedOn ?? null;
  } catch {
    return null;
  }
}

function askForKey() {
  const section = document.getElementById("key-form-section");
  section.hidden = false;
  document.getElementById("key-status").textContent = "no API key";
  document.getElementById("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    keepKey(document.getElementById("key-input").value.trim());
    location.reload();
  });
}

start();
