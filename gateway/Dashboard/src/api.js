// The gateway's read APIs, called with the reader key. Failures carry the problem's title and rule.

export class ApiError extends Error {
  constructor(status, path, detail) {
    super(`${path} answered ${status}${detail ? `: ${detail}` : ""}`);
    this.status = status;
  }
}

export class Api {
  constructor(key) {
    this.key = key;
  }

  async get(path) {
    const response = await fetch(path, { headers: { Authorization: `Bearer ${this.key}`, Accept: "application/json" } });
    if (!response.ok) {
      let detail = "";
      try {
        const problem = await response.json();
        detail = [problem.title, problem.rule && `(${problem.rule})`].filter(Boolean).join(" ");
      } catch {
        // Not a problem document: the status says enough.
      }
      throw new ApiError(response.status, path, detail);
    }
    return response.json();
  }

  /** Every item of a paged list, page after page (bounded). */
  async all(path, pageSize = 100, maxPages = 20) {
    const items = [];
    const separator = path.includes("?") ? "&" : "?";
    for (let page = 1; page <= maxPages; page++) {
      const answer = await this.get(`${path}${separator}page=${page}&pageSize=${pageSize}`);
      items.push(...answer.items);
      if (answer.items.length < pageSize || items.length >= answer.total) break;
    }
    return items;
  }
}

/** The key the page uses: one kept in this browser, else the development reader key the gateway offers outside Production. */
export async function findKey() {
  const kept = localStorage.getItem("intelligence.apiKey");
  if (kept) return kept;
  try {
    const response = await fetch("/dashboard/config");
    if (response.ok) {
      const config = await response.json();
      if (config.apiKey) return config.apiKey;
    }
  } catch {
    // No configuration: ask for a key.
  }
  return null;
}

export function keepKey(key) {
  localStorage.setItem("intelligence.apiKey", key);
}
