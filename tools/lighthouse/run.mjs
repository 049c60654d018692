// Lighthouse (mobile preset: Moto G Power emulation, simulated slow 4G and 4x CPU slowdown)
// on the four pages issue 12 names, driving Debian's Chromium through puppeteer-core (which
// never downloads a browser). Called by scripts/lighthouse.py, which starts the app.
//
//   node run.mjs BASE_URL TRIGGER_POINT_PATH TECHNIQUE_PATH
//
// LIGHTHOUSE_REPORTS=DIR also writes each page's full report there (DIR/<page>.json).
// Prints one JSON line: [{page, url, performance, accessibility, lcp_ms, failing: [...]}].
//
// The results page answers a POST only (pain data never goes into a URL). The script reaches
// it as a person would: it opens the chart, ticks three areas in the list and submits the
// form. Lighthouse measures that navigation (a navigation whose requestor is a function,
// not a URL); form.submit() sends the ordinary POST, not the in-place request chart.js
// makes, so what is measured is the whole results page load.
import { mkdirSync, writeFileSync } from "node:fs";
import lighthouse from "lighthouse";
import puppeteer from "puppeteer-core";

const [base, triggerPointPath, techniquePath] = process.argv.slice(2);
const chromium = process.env.CHROME_PATH || "/usr/bin/chromium";
const REGIONS = ["temple-r", "neck-side-r", "shoulder-top-r"];

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  // Root in a container has no user namespaces for Chromium's sandbox.
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});

function summary(name, lhr) {
  const failing = [];
  for (const category of ["performance", "accessibility"]) {
    for (const ref of lhr.categories[category].auditRefs) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        failing.push(`${category}: ${ref.id} (${audit.displayValue || audit.score})`);
      }
    }
  }
  // Now and then Lighthouse records no paint (a runtime error such as NO_LCP): that run's
  // LCP is null and the error is listed, so the caller reports it instead of failing on it.
  if (lhr.runtimeError) failing.push(`lighthouse: ${lhr.runtimeError.code}`);
  const lcp = lhr.audits["largest-contentful-paint"].numericValue;
  return {
    page: name,
    url: lhr.finalDisplayedUrl,
    performance: Math.round(lhr.categories.performance.score * 100),
    accessibility: Math.round(lhr.categories.accessibility.score * 100),
    lcp_ms: Number.isFinite(lcp) ? Math.round(lcp) : null,
    failing,
  };
}

const flags = { output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"] };

async function measure(name, requestor, prepare) {
  const page = await browser.newPage();
  try {
    if (prepare) await prepare(page);
    const result = await lighthouse(
      typeof requestor === "string" ? base + requestor : () => requestor(page),
      { ...flags, skipAboutBlank: Boolean(prepare) },
      undefined,
      page,
    );
    const reports = process.env.LIGHTHOUSE_REPORTS;
    if (reports) {
      mkdirSync(reports, { recursive: true });
      writeFileSync(`${reports}/${name.replace(" ", "-")}.json`, result.report);
    }
    return summary(name, result.lhr);
  } finally {
    await page.close();
  }
}

const results = [];
try {
  results.push(await measure("chart", "/"));
  results.push(
    await measure(
      "results",
      async (page) => {
        await page.evaluate(() => document.getElementById("chart-form").submit());
      },
      async (page) => {
        await page.goto(base + "/", { waitUntil: "load" });
        await page.evaluate((slugs) => {
          document.getElementById("region-list").open = true;
          for (const slug of slugs) document.getElementById(`pick-${slug}`).checked = true;
        }, REGIONS);
      },
    ),
  );
  results.push(await measure("trigger point", triggerPointPath));
  results.push(await measure("technique", techniquePath));
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
