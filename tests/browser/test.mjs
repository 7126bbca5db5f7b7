// Browser test of the Khabar web page: drives the system Chromium headless through
// playwright-core (no browser download) against a running `khabar serve`.
//
// Env: BASE_URL (http://127.0.0.1:PORT), SHOT_DIR (where screenshots go), CHROMIUM (path),
// PW_DIR (the folder whose node_modules holds playwright-core).
// Prints "N passed, N failed" and exits non-zero when a check failed.
import { mkdirSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(join(process.env.PW_DIR || process.cwd(), "package.json"));
const { chromium } = require("playwright-core");

const BASE = process.env.BASE_URL;
const SHOTS = process.env.SHOT_DIR || "target/screenshots";
const EXE = process.env.CHROMIUM || "/usr/bin/chromium";
if (!BASE) {
  console.error("BASE_URL is not set");
  process.exit(2);
}
mkdirSync(SHOTS, { recursive: true });

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${detail !== undefined ? ": " + detail : ""}`);
  }
}

const userDataDir = mkdtempSync(join(tmpdir(), "khabar-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: EXE,
  headless: true,
  viewport: { width: 1360, height: 900 },
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
  ],
});
const page = context.pages()[0] || (await context.newPage());

// Anything that executes from data shows up here.
const dialogs = [];
page.on("dialog", async (d) => {
  dialogs.push(d.message());
  await d.dismiss();
});
const consoleErrors = [];
page.on("console", (m) => {
  if (m.type() === "error") consoleErrors.push(m.text());
});
page.on("pageerror", (e) => consoleErrors.push(String(e)));
// The page must not reach beyond the server.
const foreign = [];
page.on("request", (r) => {
  const u = r.url();
  if (!u.startsWith(BASE) && !u.startsWith("data:")) foreign.push(u);
});

async function api(path) {
  const r = await page.request.get(BASE + path);
  return r.json();
}

async function shot(name) {
  const path = join(SHOTS, name + ".png");
  await page.screenshot({ path, fullPage: true });
  console.log(`     screenshot ${path}`);
}

try {
  // ---- Overview: stats, timeline SVG, network SVG ----
  const res = await page.goto(BASE + "/", { waitUntil: "networkidle" });
  const csp = res.headers()["content-security-policy"] || "";
  check("page served with CSP", csp.includes("script-src 'self'"), csp);
  await page.waitForSelector("#timeline-card svg", { timeout: 10000 });
  await page.waitForSelector("#network-card svg", { timeout: 10000 });
  const stats = await api("/api/stats");
  check("store has documents in bn, ar, en", ["bn", "ar", "en"].every((l) => (stats.languages || []).some((x) => x.lang === l)), JSON.stringify(stats.languages));
  const bars = await page.locator("#timeline-card svg rect").count();
  check("timeline SVG has bars", stats.events === 0 || bars > 0, `bars=${bars} events=${stats.events}`);
  const nodes = await page.locator("#network-card svg circle").count();
  const graph = await api("/api/graph?limit=60");
  check("network SVG has a node per actor", nodes === graph.nodes.length && (stats.events === 0 || nodes > 0), `circles=${nodes} nodes=${graph.nodes.length}`);
  const edges = await page.locator("#network-card svg line").count();
  check("network SVG has an edge per link", edges === graph.edges.filter((e) => e.source !== e.target).length, `lines=${edges}`);
  check("store has events", stats.events > 0, `events=${stats.events}`);
  check("timeline and network drawn", bars > 0 && nodes > 1 && edges > 0, `bars=${bars} nodes=${nodes} edges=${edges}`);
  await shot("overview");

  // ---- Search in Bengali and Arabic ----
  await page.fill("#search-q", "সীমান্ত");
  await page.press("#search-q", "Enter");
  await page.waitForSelector(".results li, .muted", { timeout: 10000 });
  const bnHits = await page.locator(".results li").count();
  check("Bengali search finds documents", bnHits > 0, `hits=${bnHits}`);
  const marks = await page.locator(".results mark").count();
  check("search words marked in snippets", marks > 0, `marks=${marks}`);
  await shot("search-bn");

  await page.fill("#search-q", "السودان");
  await page.press("#search-q", "Enter");
  await page.waitForFunction(() => location.hash.includes("search"));
  await page.waitForSelector(".results li", { timeout: 10000 });
  const arTitle = page.locator(".results li a.result-title").first();
  check("Arabic result title is dir=auto", (await arTitle.getAttribute("dir")) === "auto");

  // ---- Document view with highlights ----
  await arTitle.click();
  await page.waitForSelector("#doc-text p", { timeout: 10000 });
  const docId = decodeURIComponent((await page.evaluate(() => location.hash)).split("/")[2] || "");
  const doc = await api("/api/documents/" + encodeURIComponent(docId));
  const shownText = await page.locator("#doc-text").innerText();
  const firstPara = (doc.text || "").split("\n\n")[0];
  check("document text shown", shownText.replace(/\s+/g, " ").includes(firstPara.replace(/\s+/g, " ").slice(0, 40)));
  const entMarks = await page.locator("#doc-text mark.ent").count();
  check("entity mentions highlighted", entMarks >= Math.min(1, doc.mentions.length) && (doc.mentions.length === 0 || entMarks > 0), `marks=${entMarks} mentions=${doc.mentions.length}`);
  // Highlighted text equals the API's mention text (byte offsets converted correctly).
  const markTexts = await page.locator("#doc-text mark.ent").allInnerTexts();
  const want = doc.mentions.map((m) => m.text);
  check("highlight text = mention text (UTF-8 offsets)", want.every((t) => markTexts.join("|").includes(t)), `want=${JSON.stringify(want)} got=${JSON.stringify(markTexts)}`);
  const evSpans = await page.locator("#doc-text .ev").count();
  check("event sentences highlighted", doc.events.length === 0 || evSpans > 0, `ev=${evSpans} events=${doc.events.length}`);
  const paraDir = await page.locator("#doc-text p").first().getAttribute("dir");
  check("paragraphs are dir=auto", paraDir === "auto");
  const lang = await page.locator("#doc-text").getAttribute("lang");
  check("document text has lang attribute", lang === doc.lang, `${lang} vs ${doc.lang}`);
  await shot("document-ar");

  // A Bengali document with highlights (the font check is visual: see the screenshot).
  {
    const target = await api("/api/documents/post-bn-1");
    check("posted Bengali document stored", Array.isArray(target.mentions) && target.mentions.length === 2, JSON.stringify(target).slice(0, 200));
    await page.goto(BASE + "/#/doc/post-bn-1", { waitUntil: "networkidle" });
    await page.waitForSelector("#doc-text p");
    const bnMarks = await page.locator("#doc-text mark.ent").allInnerTexts();
    check("Bengali highlights = mention text", JSON.stringify(bnMarks) === JSON.stringify(["শেখ হাসিনা", "এস জয়শঙ্করের"]), JSON.stringify(bnMarks));
    const bnEv = await page.locator("#doc-text span.ev").count();
    check("Bengali event sentences highlighted", bnEv >= 2, `ev=${bnEv}`);
    const bnRows = await page.locator("table.events tbody tr").count();
    check("document's event table", bnRows === 2, `rows=${bnRows}`);
    await shot("document-bn");
    // Arabic: a mention inside an event sentence nests (mark inside the sentence span).
    await page.goto(BASE + "/#/doc/post-ar-1", { waitUntil: "networkidle" });
    await page.waitForSelector("#doc-text p");
    const nested = await page.locator("#doc-text span.ev mark.ent").count();
    check("mentions nest inside event sentences", nested >= 3, `nested=${nested}`);
    const arMarks = await page.locator("#doc-text mark.ent").allInnerTexts();
    check("Arabic highlights = mention text", JSON.stringify(arMarks) === JSON.stringify(["عبد الفتاح السيسي", "عبد الفتاح البرهان", "القاهرة", "السيسي"]), JSON.stringify(arMarks));
    await shot("document-ar-events");
  }

  // ---- Events page with filters ----
  await page.goto(BASE + "/#/events", { waitUntil: "networkidle" });
  await page.waitForSelector("#event-filters");
  const allRows = await page.locator("table.events tbody tr").count();
  const allEvents = await api("/api/events?limit=50");
  check("event table rows = API events", allRows === allEvents.items.length, `${allRows} vs ${allEvents.items.length}`);
  await page.selectOption("#event-filters select[name=lang]", "ar");
  await page.click("#event-filters button[type=submit]");
  await page.waitForFunction(() => location.hash.includes("lang=ar"));
  await page.waitForLoadState("networkidle");
  const arEvents = await api("/api/events?lang=ar");
  const arRows = await page.locator("table.events tbody tr").count();
  check("language filter applied", arRows === arEvents.items.length, `${arRows} vs ${arEvents.items.length}`);
  await shot("events-ar");

  // ---- Entity page: found by a Bengali name, listing names per language ----
  await page.goto(BASE + "/#/entities", { waitUntil: "networkidle" });
  await page.fill("#entity-find input[name=name]", "T:HAS");
  await page.click("#entity-find button");
  await page.waitForSelector("#mentions-card svg", { timeout: 10000 });
  const names = await page.locator("table.names tbody tr").allInnerTexts();
  check("entity page lists names in bn and en", names.some((n) => n.includes("শেখ হাসিনা")) && names.some((n) => n.includes("Sheikh Hasina")), JSON.stringify(names));
  const partnerRows = await page.locator("section.card table:not(.names):not(.events) tbody tr").count();
  check("entity page lists partners", partnerRows >= 2, `partners=${partnerRows}`);
  const entEvents = await page.locator("table.events tbody tr").count();
  check("entity page lists events", entEvents >= 3, `events=${entEvents}`);
  const mbars = await page.locator("#mentions-card svg rect").count();
  check("mentions-over-time chart drawn", mbars > 0, `bars=${mbars}`);
  await shot("entity");
  const ents = await api("/api/entities?limit=5");
  check("entities listed", ents.items.length > 0);

  // ---- Hostile page ----
  const hostile = await api("/api/search?q=onerror");
  check("hostile fixture stored", hostile.items.length > 0, JSON.stringify(hostile));
  if (hostile.items.length > 0) {
    const id = hostile.items[0].id;
    await page.goto(BASE + "/#/search?q=onerror", { waitUntil: "networkidle" });
    await page.waitForSelector(".results li");
    await page.goto(BASE + "/#/doc/" + encodeURIComponent(id), { waitUntil: "networkidle" });
    await page.waitForSelector("#doc-text p");
    await page.waitForTimeout(500);
    const text = await page.locator("#doc-text").innerText();
    check("hostile <script> shown literally", text.includes("<script>"), text.slice(0, 200));
    check("hostile <img onerror> shown literally", text.includes("<img src=x onerror="));
    const injected = await page.evaluate(() => document.querySelectorAll("#view script, #view img, #view iframe, #view svg[onload], #view a[href^='javascript:' i], [onerror], [onload]").length);
    check("no element injected from data", injected === 0, `injected=${injected}`);
    const title = await page.locator("#doc-title").innerText();
    check("hostile title shown literally", title.includes("<img"), title);
    const links = await page.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href") || ""));
    check("no javascript: link on the page", links.every((h) => !/^\s*javascript:/i.test(h)), JSON.stringify(links.filter((h) => /javascript/i.test(h))));
    const unsafe = await page.locator(".unsafe-url").count();
    check("javascript: URL shown as text, not a link", unsafe === 1, `unsafe=${unsafe}`);
    await shot("hostile");
    // Also through the search result page and event table.
    await page.goto(BASE + "/#/events", { waitUntil: "networkidle" });
  }
  const pwned = await page.evaluate(() => window.__pwned);
  check("nothing executed from data (window.__pwned unset)", pwned === undefined, String(pwned));
  check("no dialog opened", dialogs.length === 0, JSON.stringify(dialogs));
  check("no request left the server", foreign.length === 0, JSON.stringify(foreign.slice(0, 5)));
  const cspErrors = consoleErrors.filter((e) => /Content Security Policy|Refused/i.test(e));
  check("no CSP violations by the page itself", cspErrors.length === 0, JSON.stringify(cspErrors.slice(0, 3)));
  check("no JavaScript errors", consoleErrors.filter((e) => !/Failed to load resource/.test(e)).length === 0, JSON.stringify(consoleErrors.slice(0, 5)));
} catch (e) {
  check("browser run", false, e && e.stack ? e.stack : String(e));
} finally {
  await context.close();
}

console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
