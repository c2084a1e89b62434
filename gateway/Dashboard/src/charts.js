// ECharts, bundled with only the parts the page uses, and the page's registry of charts (read by the browser tests).
import * as echarts from "echarts/core";
import { BarChart, LineChart, ScatterChart } from "echarts/charts";
import { AriaComponent, DataZoomComponent, GridComponent, LegendComponent, MarkPointComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, ScatterChart, AriaComponent, DataZoomComponent, GridComponent, LegendComponent, MarkPointComponent, TooltipComponent, CanvasRenderer]);

const charts = new Map();
window.intelligence = { charts };

const base = {
  aria: { enabled: true },
  animation: false,
  textStyle: { fontFamily: "system-ui, sans-serif" },
  tooltip: { confine: true },
  legend: { type: "scroll", top: 0 },
  grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
};

function containerOf(id) {
  const element = document.getElementById(id);
  return element;
}

export function loading(id) {
  containerOf(id).dataset.state = "loading";
}

/** Draws (or redraws) a chart; <points> is how many data points it shows, kept on the element for tests and screen readers. */
export function draw(id, option, points, onClick) {
  const element = containerOf(id);
  element.querySelector(".empty, .error")?.remove();
  let chart = charts.get(id);
  if (!chart || chart.isDisposed()) {
    chart = echarts.init(element, null, { renderer: "canvas" });
    charts.set(id, chart);
  }
  chart.setOption({ ...base, ...option }, { notMerge: true });
  chart.off("click");
  if (onClick) chart.on("click", onClick);
  element.dataset.points = String(points);
  element.dataset.state = points > 0 ? "ready" : "empty";
  if (points === 0) {
    note(element, "empty", "No data on this date.");
  }
}

export function failed(id, error) {
  const element = containerOf(id);
  charts.get(id)?.dispose();
  charts.delete(id);
  element.replaceChildren();
  element.dataset.state = "error";
  element.dataset.points = "0";
  note(element, "error", `Could not load: ${error.message}`);
}

function note(element, kind, text) {
  const div = document.createElement("div");
  div.className = kind;
  div.textContent = text;
  element.append(div);
}

window.addEventListener("resize", () => {
  for (const chart of charts.values()) chart.resize();
});

/** Opens the first web address of a data point's source, if it has one. */
export function openSource(urls) {
  if (urls.length > 0) window.open(urls[0], "_blank", "noopener");
}
