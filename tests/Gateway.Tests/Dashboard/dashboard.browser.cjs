// Drives the dashboard in Debian's headless Chromium with playwright-core (from gateway/Dashboard/node_modules, found
// through NODE_PATH). One scenario a run; DashboardBrowserTests runs each as an xUnit test and reads the exit code.
//
//   node dashboard.browser.cjs <scenario> <gateway base url> <reader key> <editor key> <screenshot folder>
//
// Prints what it checked; exits 1 with the reason when a check fails.
const { chromium } = require("playwright-core");
const path = require("node:path");

const [scenario, base, readerKey, editorKey, shots] = process.argv.slice(2);
const AsOf = "2025-06-30";
const Earlier = "2024-01-31";
const Charts = ["chart-landscape", "chart-releases", "chart-prices", "chart-regulation", "chart-adoption", "chart-plans", "chart-quality", "chart-quality-price"];
const Timeout = 60_000;

function check(condition, message) {
  if (!condition) throw new Error(message);
  console.log(`ok - ${message}`);
}

async function open(browser, viewport, url) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, isMobile: viewport.width < 600, hasTouch: viewport.width < 600 });
  await context.addInitScript((key) => localStorage.setItem("intelligence.apiKey", key), readerKey);
  const page = await context.newPage();
  const problems = [];
  const foreign = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => message.type() === "error" && problems.push(`console error: ${message.text()}`));
  page.on("request", (request) => !request.url().startsWith(base) && !request.url().startsWith("data:") && foreign.push(request.url()));
  await page.goto(new URL(url, base).toString(), { waitUntil: "domcontentloaded" });
  return { context, page, problems, foreign };
}

async function shownAsOf(page, asOf) {
  await page.waitForSelector(`body[data-shown-as-of="${asOf}"]`, { timeout: Timeout });
}

/** Searches the catalog as a user would, and opens the result named <name>. */
async function openDossier(page, text, name) {
  await page.getByLabel("Model, organization or family").fill(text);
  await page.getByRole("button", { name: "Search" }).click();
  const result = page.locator("#search-results button", { hasText: name });
  await result.first().waitFor({ timeout: Timeout });
  await result.first().click();
  await page.waitForSelector('#dossier[data-state="ready"]', { timeout: Timeout });
}

/** Points each chart holds, counted by ECharts itself (its option's series data), and the element's own count. */
async function chartPoints(page) {
  return page.evaluate((ids) => Object.fromEntries(ids.map((id) => {
    const chart = window.intelligence.charts.get(id);
    const element = document.getElementById(id);
    const series = chart ? chart.getOption().series : [];
    return [id, {
      state: element.dataset.state,
      points: Number(element.dataset.points),
      echartsPoints: series.reduce((sum, one) => sum + (one.data?.length ?? 0), 0),
      canvases: element.querySelectorAll("canvas").length,
      aria: element.getAttribute("aria-label") ?? "",
    }];
  })), Charts);
}

const scenarios = {
  async charts(browser) {
    for (const [name, viewport] of [["laptop", { width: 1366, height: 900 }], ["phone", { width: 390, height: 844 }]]) {
      const { context, page, problems, foreign } = await open(browser, viewport, `/?asOf=${AsOf}`);
      await shownAsOf(page, AsOf);
      const charts = await chartPoints(page);
      for (const [id, chart] of Object.entries(charts)) {
        check(chart.state === "ready", `${name}: ${id} is drawn (state ${chart.state})`);
        check(chart.points > 0 && chart.echartsPoints > 0, `${name}: ${id} holds data (${chart.points} points; ECharts has ${chart.echartsPoints})`);
        check(chart.canvases > 0, `${name}: ${id} painted a canvas`);
        check(chart.aria.length > 20, `${name}: ${id} has an accessible description`);
      }
      const plans = await page.locator("#plans-table tbody tr").allTextContents();
      check(plans.some((row) => row.includes("USD") && row.includes("INR") && row.includes("Int$")), `${name}: the plans table reads a dollar plan in rupees and in PPP terms (${plans.length} rows)`);
      const rows = await page.locator("#landscape-table tbody tr").count();
      check(rows >= 4, `${name}: the landscape table has a row per bloc (${rows})`);
      const china = await page.locator("#landscape-table tbody tr", { hasText: "China" }).innerText();
      check(/\d/.test(china), `${name}: the China row has figures (${china.replace(/\s+/g, " ")})`);
      for (const id of ["sources-landscape", "sources-releases", "sources-prices", "sources-regulation", "sources-adoption", "sources-quality-gap", "sources-quality-price"]) {
        const links = await page.locator(`#${id} a`).count();
        check(links > 1, `${name}: ${id} links its data and sources (${links} links)`);
      }
      const unlabelled = await page.evaluate(() => [...document.querySelectorAll("input")].filter((input) => !input.labels?.length && !input.getAttribute("aria-label")).map((input) => input.id));
      check(unlabelled.length === 0, `${name}: every input has a label`);
      if (name === "phone") {
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        check(width <= viewport.width + 1, `phone: the page fits the screen's ${viewport.width} px (${width} px wide)`);
      }
      check(foreign.length === 0, `${name}: the page loaded nothing from other hosts ${foreign.join(", ")}`);
      check(problems.length === 0, `${name}: no script errors ${problems.join("; ")}`);
      await page.screenshot({ path: path.join(shots, `dashboard-${name}.png`), fullPage: true });
      await context.close();
    }
  },

  async search(browser) {
    const { context, page, problems } = await open(browser, { width: 1366, height: 900 }, `/?asOf=${AsOf}`);
    await shownAsOf(page, AsOf);
    await openDossier(page, "deepseek-r1", "DeepSeek-R1");
    const title = await page.locator("#dossier-title").innerText();
    check(title === "DeepSeek-R1", `the dossier opens on the model (${title})`);
    const prices = await page.locator("#dossier table").first().locator("tbody tr").allInnerTexts();
    check(prices.some((row) => row.includes("DeepSeek") && row.includes("$")), `the dossier lists its prices (${prices.length} rows)`);
    const sources = await page.locator("#dossier a[href^='http']").count();
    check(sources > 0, `the dossier links its sources (${sources})`);
    check(problems.length === 0, `no script errors ${problems.join("; ")}`);
    await page.locator("#search-title").locator("..").screenshot({ path: path.join(shots, "dashboard-dossier.png") });
    await context.close();
  },

  async asOf(browser) {
    const { context, page, problems } = await open(browser, { width: 1366, height: 900 }, `/?asOf=${AsOf}`);
    await shownAsOf(page, AsOf);
    await openDossier(page, "deepseek-r1", "DeepSeek-R1");
    const later = await chartPoints(page);
    const laterPrices = await page.locator("#dossier table").first().locator("tbody tr").allInnerTexts();

    await page.getByLabel("As of").fill(Earlier);
    await page.getByLabel("As of").dispatchEvent("change");
    await shownAsOf(page, Earlier);
    const earlier = await chartPoints(page);
    check(new URL(page.url()).searchParams.get("asOf") === Earlier, "the address keeps the date, to share the view");
    for (const id of ["chart-releases", "chart-prices", "chart-regulation", "chart-adoption", "chart-quality", "chart-quality-price"]) {
      check(earlier[id].points < later[id].points, `${id} shows fewer facts on ${Earlier} (${earlier[id].points}) than on ${AsOf} (${later[id].points})`);
    }
    const lede = await page.locator("#landscape-lede").innerText();
    check(lede.includes(Earlier), `the landscape is as of ${Earlier}`);
    // DeepSeek-R1 was released in 2025: a year before, its dossier has no price in force.
    const earlierPrices = await page.locator("#dossier table").first().locator("tbody tr").allInnerTexts();
    check(laterPrices.some((row) => row.includes("$")) && !earlierPrices.some((row) => row.includes("$")), `the open dossier moved to ${Earlier} too`);
    check(problems.length === 0, `no script errors ${problems.join("; ")}`);
    await page.screenshot({ path: path.join(shots, "dashboard-as-of.png"), fullPage: true });
    await context.close();
  },

  async events(browser) {
    const { context, page, problems } = await open(browser, { width: 1366, height: 900 }, `/?asOf=${AsOf}`);
    await page.waitForFunction(() => Number(document.getElementById("events").dataset.count ?? 0) > 0, null, { timeout: Timeout });
    check((await page.locator("#events li").count()) > 0, "the live feed shows the stored events");
    const id = `live-${Date.now().toString(36)}`;
    const created = await fetch(new URL("/api/releases/models", base), {
      method: "POST",
      headers: { Authorization: `Bearer ${editorKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ id, name: `Live ${id}`, organization: { name: "Live Lab" }, originCountries: ["JP"], releaseDate: "2025-06-01", openWeights: false, freeAccess: "no", sourceUrl: "https://example.org/live" }),
    });
    check(created.status === 201, `a model is announced while the page is open (${created.status})`);
    await page.locator("#events li", { hasText: id }).first().waitFor({ timeout: Timeout });
    check(true, "its event appears in the live feed without a reload");
    check(problems.length === 0, `no script errors ${problems.join("; ")}`);
    await page.screenshot({ path: path.join(shots, "dashboard-events.png") });
    await context.close();
  },
};

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const timer = setTimeout(() => {
    console.error(`scenario ${scenario} ran out of time`);
    process.exit(1);
  }, 180_000);
  try {
    await scenarios[scenario](browser);
    console.log(`scenario ${scenario}: passed`);
  } catch (error) {
    console.error(`scenario ${scenario}: ${error.stack ?? error}`);
    process.exitCode = 1;
  } finally {
    clearTimeout(timer);
    await browser.close();
  }
})();
