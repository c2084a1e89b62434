import { escapeHtml, people, urlsIn, usd } from "../format.js";

const sourceLinks = (source) => {
  const urls = urlsIn(source);
  return urls.length
    ? urls.map((url) => `<a href="${escapeHtml(url)}" target="_blank" rel="noopener">source</a>`).join(" ")
    : escapeHtml(source ?? "");
};

/** The model search: finds models by name, organization or family and opens a model's dossier on the date. */
export class ModelSearch {
  constructor(api, asOf) {
    this.api = api;
    this.asOf = asOf;
    this.openId = null;
    document.getElementById("search-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.search(document.getElementById("search-input").value.trim());
    });
  }

  async search(text) {
    const results = document.getElementById("search-results");
    results.replaceChildren();
    if (!text) return;
    const answer = await this.api.get(`/api/releases/models?q=${encodeURIComponent(text)}&sort=-releasedOn&pageSize=20`);
    if (answer.items.length === 0) {
      results.innerHTML = `<li>No model matches “${escapeHtml(text)}”.</li>`;
      return;
    }
    for (const model of answer.items) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.modelId = model.id;
      button.textContent = `${model.name} · ${model.organization.name} · ${model.releasedOn}`;
      button.addEventListener("click", () => this.open(model.id));
      item.append(button);
      results.append(item);
    }
  }

  async moveTo(asOf) {
    this.asOf = asOf;
    if (this.openId) await this.open(this.openId);
  }

  async open(id) {
    this.openId = id;
    const panel = document.getElementById("dossier");
    panel.hidden = false;
    panel.dataset.state = "loading";
    const path = `/api/models/${encodeURIComponent(id)}/dossier?asOf=${this.asOf}`;
    const dossier = await this.api.get(path);
    const model = dossier.model;
    const prices = dossier.prices ?? [];
    const adoption = dossier.adoption ?? [];
    const measures = dossier.measures ?? [];
    const cuts = dossier.priceCutsByOthers;
    panel.innerHTML = `
      <h3 id="dossier-title">${escapeHtml(model?.name ?? id)}</h3>
      <p class="meta">${model ? `${escapeHtml(model.organization.name)} · ${escapeHtml(model.bloc)} · released ${escapeHtml(model.releasedOn)} ·
        ${model.openWeights ? "open weights" : "closed weights"}${model.licence ? ` (${escapeHtml(model.licence)})` : ""} · free access: ${escapeHtml(model.freeAccess)} ·
        ${sourceLinks(model.sourceUrl)}` : ""} · as of ${escapeHtml(dossier.asOf)} · <a href="${escapeHtml(path)}" target="_blank" rel="noopener">data</a></p>
      ${dossier.degraded.length ? `<p class="degraded">Missing: ${dossier.degraded.map((part) => `${escapeHtml(part.part)} (${escapeHtml(part.service)}: ${escapeHtml(part.reason)})`).join("; ")}</p>` : ""}
      <div class="table-scroll"><table class="facts" aria-labelledby="dossier-title"><caption>Prices in force</caption>
        <thead><tr><th scope="col">Offering</th><th scope="col">Provider</th><th scope="col" class="num">Blended USD / M tokens</th><th scope="col">Since</th><th scope="col">Source</th></tr></thead>
        <tbody>${prices.map((offering) => `<tr><td>${escapeHtml(offering.name)}</td><td>${escapeHtml(offering.provider)}</td>
          <td class="num">${offering.current ? usd(offering.current.price.blendedUsdPerMillion) : "not offered"}</td>
          <td>${escapeHtml(offering.current?.effectiveOn ?? "")}</td><td>${sourceLinks(offering.current?.source)}</td></tr>`).join("") || `<tr><td colspan="5">No price recorded.</td></tr>`}</tbody>
      </table></div>
      <div class="table-scroll"><table class="facts"><caption>Adoption (latest per metric and region)</caption>
        <thead><tr><th scope="col">Product</th><th scope="col">Metric</th><th scope="col">Region</th><th scope="col" class="num">Value</th><th scope="col">Source</th></tr></thead>
        <tbody>${adoption.map((row) => `<tr><td>${escapeHtml(row.subject?.name ?? "")}</td><td>${escapeHtml(row.metric)}</td><td>${escapeHtml(row.region)}</td>
          <td class="num">${row.unit === "users" ? people(row.value) : escapeHtml(row.value)}</td><td>${sourceLinks(row.source)}</td></tr>`).join("") || `<tr><td colspan="5">No observation.</td></tr>`}</tbody>
      </table></div>
      <div class="table-scroll"><table class="facts"><caption>Measures in force that target such models</caption>
        <thead><tr><th scope="col">Measure</th><th scope="col">In force in</th><th scope="col">Direction</th><th scope="col">Since</th><th scope="col">Targets matched</th></tr></thead>
        <tbody>${measures.map((row) => `<tr><td><a href="/api/regulation/measures/${encodeURIComponent(row.measure.id)}?asOf=${escapeHtml(dossier.asOf)}" target="_blank" rel="noopener">${escapeHtml(row.measure.title)}</a></td>
          <td>${escapeHtml(row.inForceIn)}${row.via === "own" ? "" : ` (via ${escapeHtml(row.via)})`}</td><td>${escapeHtml(row.measure.direction)}</td><td>${escapeHtml(row.measure.statusSince)}</td>
          <td>${escapeHtml(row.matchedTargets.join(", "))}</td></tr>`).join("") || `<tr><td colspan="5">None.</td></tr>`}</tbody>
      </table></div>
      ${cuts ? `<p>Price cuts by other providers from ${escapeHtml(cuts.from)} to ${escapeHtml(cuts.to)}: <b>${cuts.cuts.length}</b>${cuts.cuts.length
        ? ` (${cuts.cuts.map((cut) => `${escapeHtml(cut.provider)} ${escapeHtml(cut.offering)} ${escapeHtml(cut.percent)}% on ${escapeHtml(cut.effectiveOn)} ${sourceLinks(cut.source)}`).join("; ")})`
        : ""}.</p>` : ""}`;
    panel.dataset.state = "ready";
    panel.dataset.modelId = id;
  }
}
