// Small shared helpers: bloc colours, number and date formats, source links, DOM bits.

export const blocColours = { US: "#2f5bd3", China: "#d0343a", EU: "#e0a100", Other: "#3f9a6b", International: "#7a7f8c", unknown: "#b0b4bb" };
// "unknown" holds what comes from a place no country table knows (kept by its name), last.
export const blocOrder = ["US", "China", "EU", "Other", "International", "unknown"];

export const colourOf = (bloc) => blocColours[bloc] ?? "#7a7f8c";

export function usd(value) {
  if (value === null || value === undefined) return "–";
  return value >= 1 ? `$${value.toFixed(2)}` : `$${value.toPrecision(2)}`;
}

export function percent(share) {
  return share === null || share === undefined ? "–" : `${Math.round(share * 100)}%`;
}

export function people(value) {
  if (value >= 1e9) return `${(value / 1e9).toFixed(value % 1e9 === 0 ? 0 : 1)}B`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(value % 1e6 === 0 ? 0 : 1)}M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(0)}k`;
  return String(value);
}

export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** The web addresses in a source note ("https://a ; github.com/b (stored snapshot)"). */
export function urlsIn(source) {
  if (!source) return [];
  return String(source)
    .split(/\s+;\s+|\s+/)
    .map((part) => part.replace(/[),.]+$/, ""))
    .filter((part) => /^https?:\/\/[^\s]+$/.test(part));
}

/** Fills a "Sources" list: the API query the figure shows, then each distinct source note, linked where it holds an address. */
export function showSources(listId, apiPaths, notes) {
  const list = document.querySelector(`#${listId} ul`);
  list.replaceChildren();
  for (const path of apiPaths) {
    const item = document.createElement("li");
    item.innerHTML = `Data: <a href="${escapeHtml(path)}" target="_blank" rel="noopener">${escapeHtml(path)}</a>`;
    list.append(item);
  }
  const distinct = [...new Set(notes.filter(Boolean).map(String))].sort();
  for (const note of distinct) {
    const item = document.createElement("li");
    const urls = urlsIn(note);
    item.innerHTML = urls.length
      ? urls.map((url) => `<a href="${escapeHtml(url)}" target="_blank" rel="noopener">${escapeHtml(url)}</a>`).join(" · ") +
        (note.replace(/https?:\/\/\S+/g, "").replace(/[;\s]+/g, " ").trim() ? ` <span>(${escapeHtml(note)})</span>` : "")
      : escapeHtml(note);
    list.append(item);
  }
  document.getElementById(listId).dataset.count = String(apiPaths.length + distinct.length);
}

export const monthStart = (month) => `${month}-01`;
