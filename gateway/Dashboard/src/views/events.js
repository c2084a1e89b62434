import { escapeHtml } from "../format.js";

const Shown = 25;

/**
 * The live event feed: the gateway's server-sent events, read with fetch so the request carries the API key
 * (EventSource cannot send headers). Resumes after its last event id when the connection drops.
 */
export async function followEvents(api) {
  const list = document.getElementById("events");
  const status = document.getElementById("events-status");
  let lastId = null;
  let received = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      const headers = { Authorization: `Bearer ${api.key}`, Accept: "text/event-stream" };
      if (lastId) headers["Last-Event-ID"] = lastId;
      const response = await fetch("/api/events/stream", { headers });
      if (!response.ok || !response.body) throw new Error(`answered ${response.status}`);
      status.textContent = "live";
      attempt = 0;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = parse(block);
          if (!event.data || event.type === "heartbeat") continue;
          lastId = event.id ?? lastId;
          received++;
          show(list, JSON.parse(event.data));
          list.dataset.count = String(received);
        }
      }
      status.textContent = "reconnecting…";
    } catch (error) {
      status.textContent = `reconnecting (${error.message})…`;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5))));
  }
}

function parse(block) {
  const event = {};
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "data") event.data = event.data ? `${event.data}\n${value}` : value;
    else if (field === "id") event.id = value;
    else if (field === "event") event.type = value;
  }
  return event;
}

function show(list, item) {
  const row = document.createElement("li");
  const what = item.type.replace(/^intelligence\./, "");
  const subject = item.message?.modelId ?? item.message?.measureId ?? item.message?.offeringId ?? item.message?.seriesId ?? "";
  row.innerHTML = `<time datetime="${escapeHtml(item.recordedAt)}">${escapeHtml(item.recordedAt.slice(0, 19).replace("T", " "))}</time>
    <span>${escapeHtml(item.service)}</span><span>${escapeHtml(what)}${subject ? ` · ${escapeHtml(subject)}` : ""}</span>`;
  list.prepend(row);
  while (list.children.length > Shown) list.lastElementChild.remove();
}
