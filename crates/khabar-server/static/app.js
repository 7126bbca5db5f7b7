// Khabar web page: a small hash-routed app over the JSON API, in plain JavaScript.
//
// Safety rule: text from the store is scraped from the web and hostile. It only ever reaches
// the page through textContent / createTextNode / setAttribute on attributes we choose; never
// innerHTML, never a data-supplied URL unless its scheme is http(s). The server's CSP forbids
// inline script as a second wall.
"use strict";

(function () {
  const SVGNS = "http://www.w3.org/2000/svg";
  const QUAD = ["", "verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
  const QUAD_COLOR = ["#999", "#3b82c4", "#2e9e6a", "#e0a030", "#d0453a"];
  const PAGE = 50;

  // ---------- DOM helpers (text only) ----------

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    setAttrs(e, attrs);
    append(e, children);
    return e;
  }

  function svg(tag, attrs, ...children) {
    const e = document.createElementNS(SVGNS, tag);
    setAttrs(e, attrs);
    append(e, children);
    return e;
  }

  function setAttrs(e, attrs) {
    if (!attrs) return;
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") e.textContent = String(v);
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, String(v));
    }
  }

  function append(e, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      e.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }

  function clear(e) {
    while (e.firstChild) e.removeChild(e.firstChild);
    return e;
  }

  // A language code from data, usable as a lang attribute, or null.
  function safeLang(l) {
    return typeof l === "string" && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(l) ? l : null;
  }

  // A link for a URL from data, only when it is http(s); otherwise the URL as plain text.
  function externalLink(url, label) {
    if (typeof url !== "string" || url === "") return null;
    let ok = false;
    try {
      const u = new URL(url);
      ok = u.protocol === "http:" || u.protocol === "https:";
    } catch (_) {
      ok = false;
    }
    if (!ok) return el("span", { class: "unsafe-url", title: "not a web link", text: url });
    return el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank", text: label || url });
  }

  function hashLink(path, text, attrs) {
    return el("a", Object.assign({ href: "#" + path, text: text }, attrs || {}));
  }

  function enc(s) {
    return encodeURIComponent(String(s));
  }

  function quadPill(q, text) {
    const n = Number(q) || 0;
    return el("span", { class: "pill q" + n, title: QUAD[n] || "", text: text });
  }

  function langTag(l) {
    return l ? el("span", { class: "lang", text: l }) : null;
  }

  function fmtNum(n) {
    return typeof n === "number" ? n.toLocaleString("en") : "–";
  }

  // ---------- API ----------

  async function api(path, params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== undefined && v !== null && String(v).trim() !== "") qs.set(k, String(v).trim());
    }
    const url = "/api/" + path + (qs.toString() ? "?" + qs.toString() : "");
    const res = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await res.json();
    } catch (_) {
      body = null;
    }
    if (!res.ok) {
      const msg = body && typeof body.error === "string" ? body.error : res.status + " " + res.statusText;
      throw new Error(msg);
    }
    return body;
  }

  function showError(view, err) {
    view.appendChild(el("div", { class: "error", role: "alert", text: "Error: " + (err && err.message ? err.message : err) }));
  }

  // ---------- UTF-8 byte spans -> text pieces ----------

  // The API gives spans as byte offsets into the UTF-8 text. We encode the text once, and
  // decode the byte slices between span boundaries, so no index arithmetic on UTF-16 strings
  // is needed. Boundaries not on a character start are moved forward to one.
  function byteText(text) {
    const bytes = new TextEncoder().encode(text);
    const dec = new TextDecoder("utf-8");
    function snap(i) {
      i = Math.max(0, Math.min(bytes.length, Math.floor(Number(i) || 0)));
      while (i < bytes.length && (bytes[i] & 0xc0) === 0x80) i++;
      return i;
    }
    return {
      length: bytes.length,
      snap: snap,
      slice: (a, b) => dec.decode(bytes.subarray(snap(a), snap(b))),
      // Paragraph ranges: split at blank lines ("\n\n").
      paragraphs: function () {
        const out = [];
        let start = 0;
        for (let i = 0; i + 1 < bytes.length; i++) {
          if (bytes[i] === 10 && bytes[i + 1] === 10) {
            if (i > start) out.push([start, i]);
            let j = i;
            while (j < bytes.length && bytes[j] === 10) j++;
            start = j;
            i = j - 1;
          }
        }
        if (start < bytes.length) out.push([start, bytes.length]);
        return out;
      },
    };
  }

  // Renders [a, b) of the text with the layers (each {start, end, cls, title, onclick}) that
  // cover each piece. Returns DOM nodes.
  function renderRange(bt, a, b, layers) {
    const cuts = new Set([a, b]);
    const inside = layers.filter((l) => l.end > a && l.start < b);
    for (const l of inside) {
      if (l.start > a && l.start < b) cuts.add(l.start);
      if (l.end > a && l.end < b) cuts.add(l.end);
    }
    const points = Array.from(cuts).sort((x, y) => x - y);
    const nodes = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const s = points[i];
      const e = points[i + 1];
      const txt = bt.slice(s, e);
      if (txt === "") continue;
      const cover = inside.filter((l) => l.start <= s && l.end >= e);
      if (cover.length === 0) {
        nodes.push(document.createTextNode(txt));
        continue;
      }
      // Nest: event sentences outside, mentions inside.
      cover.sort((x, y) => (x.order || 0) - (y.order || 0));
      let node = document.createTextNode(txt);
      for (let k = cover.length - 1; k >= 0; k--) {
        const l = cover[k];
        const w = el(l.tag || "span", { class: l.cls, title: l.title, "data-id": l.id });
        if (l.onclick) w.addEventListener("click", l.onclick);
        w.appendChild(node);
        node = w;
      }
      nodes.push(node);
    }
    return nodes;
  }

  // ---------- Charts ----------

  // Stacked bars of event counts per period, coloured by quad class.
  function timelineChart(bins, opts) {
    opts = opts || {};
    const W = opts.width || 900;
    const H = opts.height || 220;
    const m = { l: 44, r: 12, t: 12, b: 42 };
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": opts.label || "Events over time", class: "timeline" });
    if (!bins || bins.length === 0) {
      root.setAttribute("viewBox", `0 0 ${W} 60`);
      root.appendChild(svg("text", { x: W / 2, y: 34, "text-anchor": "middle", text: opts.empty || "No dated events" }));
      return root;
    }
    bins = continuousBins(bins);
    const max = Math.max(1, ...bins.map((b) => Number(b.count) || 0));
    const iw = W - m.l - m.r;
    const ih = H - m.t - m.b;
    const bw = iw / bins.length;
    // Grid and y axis.
    const ticks = niceTicks(max);
    for (const t of ticks) {
      const y = m.t + ih - (t / max) * ih;
      root.appendChild(svg("line", { x1: m.l, x2: W - m.r, y1: y, y2: y, class: "grid" }));
      root.appendChild(svg("text", { x: m.l - 6, y: y + 4, "text-anchor": "end", text: t }));
    }
    root.appendChild(svg("line", { x1: m.l, x2: W - m.r, y1: m.t + ih, y2: m.t + ih, class: "axis" }));
    const labelEvery = Math.max(1, Math.ceil(bins.length / Math.floor(iw / 70)));
    bins.forEach((b, i) => {
      const x = m.l + i * bw;
      const quads = Array.isArray(b.quad) && b.quad.length === 4 ? b.quad : null;
      const g = svg("g", { class: "bar" });
      const barW = Math.min(48, Math.max(1, bw * 0.76));
      g.appendChild(svg("title", { text: `${b.period}: ${b.count} event${b.count === 1 ? "" : "s"}` + (quads ? " — " + quads.map((n, k) => `${QUAD[k + 1]} ${n}`).join(", ") : "") }));
      let y = m.t + ih;
      const parts = quads ? quads.map((n, k) => [n, QUAD_COLOR[k + 1]]) : [[b.count, "#1f5fbf"]];
      for (const [n, color] of parts) {
        const h = ((Number(n) || 0) / max) * ih;
        if (h <= 0) continue;
        y -= h;
        g.appendChild(svg("rect", { x: x + (bw - barW) / 2, y: y, width: barW, height: h, fill: color }));
      }
      root.appendChild(g);
      if (i % labelEvery === 0) {
        root.appendChild(svg("text", { x: x + bw / 2, y: H - m.b + 16, "text-anchor": "middle", text: String(b.period) }));
      }
    });
    return root;
  }

  // Periods as a continuous axis: days over more than three months become months, and the
  // days or months with nothing get an empty bin, so gaps in time show as gaps.
  function continuousBins(bins) {
    const isDay = (p) => /^\d{4}-\d{2}-\d{2}$/.test(p);
    const isMonth = (p) => /^\d{4}-\d{2}$/.test(p);
    const periods = bins.map((b) => String(b.period));
    const counts = new Map();
    let unit = null;
    if (periods.length > 0 && periods.every(isDay)) {
      const days = periods.map((p) => Date.parse(p + "T00:00:00Z"));
      const span = (Math.max(...days) - Math.min(...days)) / 86400000;
      unit = span > 92 ? "month" : "day";
    } else if (periods.length > 0 && periods.every(isMonth)) {
      unit = "month";
    }
    if (!unit) return bins;
    for (const b of bins) {
      const key = unit === "month" ? String(b.period).slice(0, 7) : String(b.period);
      counts.set(key, (counts.get(key) || 0) + (Number(b.count) || 0));
    }
    const keys = Array.from(counts.keys()).sort();
    const out = [];
    if (unit === "day") {
      const end = Date.parse(keys[keys.length - 1] + "T00:00:00Z");
      for (let t = Date.parse(keys[0] + "T00:00:00Z"); t <= end && out.length < 400; t += 86400000) {
        const k = new Date(t).toISOString().slice(0, 10);
        out.push({ period: k, count: counts.get(k) || 0 });
      }
    } else {
      let [y, m] = keys[0].split("-").map(Number);
      const last = keys[keys.length - 1];
      for (let i = 0; i < 1200; i++) {
        const k = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}`;
        out.push({ period: k, count: counts.get(k) || 0 });
        if (k >= last) break;
        m += 1;
        if (m > 12) { m = 1; y += 1; }
      }
    }
    return out;
  }

  // About four round, whole-number steps from 0 to max.
  function niceTicks(max) {
    const raw = Math.max(1, max / 4);
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const r = raw / mag;
    const step = Math.max(1, Math.round(mag * (r > 5 ? 10 : r > 2.5 ? 5 : r > 1.2 ? 2 : 1)));
    const out = [];
    for (let t = 0; t <= max; t += step) out.push(t);
    return out;
  }

  function chartLegend() {
    return el("div", { class: "chart-legend" }, [1, 2, 3, 4].map((q) => [el("i", { class: "q" + q }), QUAD[q]]));
  }

  // Actor network: a force layout computed here (repulsion, springs, gravity), then drawn once.
  function networkChart(graph, opts) {
    opts = opts || {};
    const W = opts.width || 900;
    const H = opts.height || 560;
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Actor network", class: "network" });
    const nodes = (graph && Array.isArray(graph.nodes) ? graph.nodes : []).map((n, i) => ({
      id: String(n.id), name: String(n.name || n.id), kind: n.kind, weight: Number(n.weight) || 1,
      x: W / 2 + Math.cos(i * 2.399) * (40 + 12 * Math.sqrt(i)) * 2,
      y: H / 2 + Math.sin(i * 2.399) * (40 + 12 * Math.sqrt(i)) * 1.3,
      vx: 0, vy: 0, deg: 0,
    }));
    if (nodes.length === 0) {
      root.setAttribute("viewBox", `0 0 ${W} 60`);
      root.appendChild(svg("text", { x: W / 2, y: 34, "text-anchor": "middle", text: "No actor links yet" }));
      return root;
    }
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const edges = (Array.isArray(graph.edges) ? graph.edges : [])
      .map((e) => ({ s: byId.get(String(e.source)), t: byId.get(String(e.target)), w: Number(e.weight) || 1, q: Number(e.quad) || 0, codes: Array.isArray(e.codes) ? e.codes : [] }))
      .filter((e) => e.s && e.t && e.s !== e.t);
    for (const e of edges) { e.s.deg += e.w; e.t.deg += e.w; }
    const maxW = Math.max(1, ...edges.map((e) => e.w));
    const k = Math.min(140, Math.sqrt((W * H) / nodes.length) * 0.45);
    for (let it = 0; it < 320; it++) {
      const temp = 1 - it / 320;
      for (let i = 0; i < nodes.length; i++) {
        const a = nodes[i];
        for (let j = i + 1; j < nodes.length; j++) {
          const b = nodes[j];
          let dx = a.x - b.x, dy = a.y - b.y;
          let d2 = dx * dx + dy * dy;
          if (d2 < 0.01) { dx = Math.random() - 0.5; dy = Math.random() - 0.5; d2 = 0.5; }
          const f = (k * k) / d2;
          a.vx += dx * f * 0.02; a.vy += dy * f * 0.02;
          b.vx -= dx * f * 0.02; b.vy -= dy * f * 0.02;
        }
      }
      for (const e of edges) {
        const dx = e.t.x - e.s.x, dy = e.t.y - e.s.y;
        const d = Math.sqrt(dx * dx + dy * dy) || 1;
        const f = ((d - k) / d) * 0.06 * (0.5 + e.w / maxW);
        e.s.vx += dx * f; e.s.vy += dy * f; e.t.vx -= dx * f; e.t.vy -= dy * f;
      }
      for (const n of nodes) {
        n.vx += (W / 2 - n.x) * 0.03; n.vy += (H / 2 - n.y) * 0.04;
        const sp = Math.sqrt(n.vx * n.vx + n.vy * n.vy);
        const lim = 30 * temp + 1;
        if (sp > lim) { n.vx *= lim / sp; n.vy *= lim / sp; }
        n.x += n.vx; n.y += n.vy; n.vx *= 0.5; n.vy *= 0.5;
        n.x = Math.max(50, Math.min(W - 50, n.x));
        n.y = Math.max(24, Math.min(H - 24, n.y));
      }
    }
    const gEdges = svg("g", { class: "edges" });
    for (const e of edges) {
      const color = QUAD_COLOR[e.q] || "#8a94a6";
      const line = svg("line", { x1: e.s.x, y1: e.s.y, x2: e.t.x, y2: e.t.y, class: "edge", stroke: color, "stroke-width": 1 + 5 * (e.w / maxW) });
      line.appendChild(svg("title", { text: `${e.s.name} → ${e.t.name}: ${e.w} event${e.w === 1 ? "" : "s"}` + (e.codes.length ? ` (CAMEO ${e.codes.join(", ")})` : "") }));
      gEdges.appendChild(line);
    }
    root.appendChild(gEdges);
    const maxDeg = Math.max(1, ...nodes.map((n) => n.deg));
    const kindColor = { PER: "#c27c00", ORG: "#7b4fc9", GPE: "#2e9e6a", LOC: "#2e9e6a" };
    const gNodes = svg("g", { class: "nodes" });
    for (const n of nodes) {
      const r = 5 + 11 * Math.sqrt(n.deg / maxDeg);
      const a = svg("a", { href: "#/entity/" + enc(n.id) });
      const c = svg("circle", { cx: n.x, cy: n.y, r: r, class: "node", fill: kindColor[n.kind] || "#1f5fbf" });
      c.appendChild(svg("title", { text: `${n.name} (${n.kind || "?"}) — ${n.deg} linked event${n.deg === 1 ? "" : "s"}` }));
      a.appendChild(c);
      a.appendChild(svg("text", { x: n.x, y: n.y - r - 4, "text-anchor": "middle", class: "node-label", text: n.name }));
      gNodes.appendChild(a);
    }
    root.appendChild(gNodes);
    return root;
  }

  // ---------- Tables ----------

  function eventsTable(items, opts) {
    opts = opts || {};
    const head = el("tr", null, ["Date", "Source", "Event", "Target", "Place", "Sentence", "Doc"].map((h) => el("th", { text: h })));
    const rows = items.map((ev) => {
      const lang = safeLang(ev.lang);
      const actor = (a) => (a && a.id ? hashLink("/entity/" + enc(a.id), a.name || a.id) : el("span", { class: "muted", text: "—" }));
      return el("tr", { class: "event-row" },
        el("td", { class: "code nowrap", text: ev.date || ev.day || "" }),
        el("td", null, actor(ev.source), ev.source && ev.source.code ? el("div", { class: "muted small code", text: ev.source.code }) : null),
        el("td", null, quadPill(ev.quad_class, ev.code || "?"), " ", ev.label || "", ev.modality && ev.modality !== "asserted" ? el("span", { class: "muted small", text: " (" + ev.modality + ")" }) : null),
        el("td", null, actor(ev.target)),
        el("td", null, ev.place && ev.place.name ? ev.place.name : ""),
        el("td", { class: "sent", dir: "auto", lang: lang }, ev.sentence || ""),
        el("td", null, ev.doc_id ? hashLink("/doc/" + enc(ev.doc_id) + (opts.anchor && ev.start !== undefined ? "?at=" + ev.start : ""), "open") : "", " ", langTag(ev.lang)));
    });
    if (rows.length === 0) return el("p", { class: "muted", text: "No events." });
    return el("table", { class: "events" }, el("thead", null, head), el("tbody", null, rows));
  }

  function pager(page, onGo) {
    const off = Number(page.offset) || 0;
    const lim = Number(page.limit) || PAGE;
    const shown = Array.isArray(page.items) ? page.items.length : 0;
    const total = typeof page.total === "number" ? " of " + fmtNum(page.total) : "";
    return el("div", { class: "pager" },
      el("button", { type: "button", disabled: off === 0, onclick: () => onGo(Math.max(0, off - lim)) , text: "← Previous" }),
      el("span", { class: "muted", text: shown ? `${off + 1}–${off + shown}${total}` : "nothing" }),
      el("button", { type: "button", disabled: page.next === null || page.next === undefined, onclick: () => onGo(page.next), text: "Next →" }));
  }

  // ---------- Views ----------

  const view = () => document.getElementById("view");

  async function overview() {
    const v = clear(view());
    v.appendChild(el("h1", { text: "Overview" }));
    const statsBox = el("div", { class: "stats" });
    v.appendChild(statsBox);
    const tlCard = el("section", { class: "card", id: "timeline-card" }, el("h2", { text: "Events over time" }));
    const netCard = el("section", { class: "card", id: "network-card" }, el("h2", { text: "Actor network" }));
    v.appendChild(tlCard);
    v.appendChild(netCard);
    const recent = el("section", { class: "card" }, el("h2", { text: "Latest events" }));
    v.appendChild(recent);
    try {
      const [stats, tl, graph, evs] = await Promise.all([api("stats"), api("timeline"), api("graph", { limit: 60 }), api("events", { limit: 15 })]);
      const langs = Array.isArray(stats.languages) ? stats.languages : [];
      for (const [k, label] of [["documents", "documents"], ["events", "events"], ["entities", "entities"], ["mentions", "mentions"]]) {
        statsBox.appendChild(el("div", { class: "stat" }, el("b", { text: fmtNum(stats[k]) }), el("span", { text: label })));
      }
      if (langs.length) {
        statsBox.appendChild(el("div", { class: "stat" }, el("b", { text: langs.length }), el("span", { text: langs.map((l) => `${l.lang} ${l.documents}`).join(" · ") })));
      }
      tlCard.appendChild(timelineChart(tl.bins));
      netCard.appendChild(networkChart(graph));
      netCard.appendChild(chartLegend());
      netCard.appendChild(el("div", { class: "chart-legend", text: "Node size: linked events. Edge colour: the most severe kind of event between the two (legend above); width: number of events. Click a node for the actor's page." }));
      recent.appendChild(eventsTable(evs.items || []));
    } catch (e) {
      showError(v, e);
    }
  }

  async function searchView(params) {
    const q = params.get("q") || "";
    const offset = Number(params.get("offset")) || 0;
    const input = document.getElementById("search-q");
    if (input && input.value !== q) input.value = q;
    const v = clear(view());
    v.appendChild(el("h1", null, "Search: ", el("span", { dir: "auto", text: q })));
    if (!q.trim()) {
      v.appendChild(el("p", { class: "muted", text: "Type words in any script in the box above." }));
      return;
    }
    try {
      const page = await api("search", { q: q, limit: PAGE, offset: offset });
      const items = page.items || [];
      if (items.length === 0) {
        v.appendChild(el("p", { class: "muted", text: "No documents match." }));
        return;
      }
      const ul = el("ul", { class: "results" });
      for (const d of items) {
        const lang = safeLang(d.lang);
        ul.appendChild(el("li", { class: "result" },
          el("div", null, hashLink("/doc/" + enc(d.id), d.title || d.id, { dir: "auto", lang: lang, class: "result-title" }), " ", langTag(d.lang), " ", el("span", { class: "muted small", text: d.published || "" })),
          d.snippet ? el("div", { class: "snippet", dir: "auto", lang: lang }, snippetNodes(d.snippet, q)) : null));
      }
      v.appendChild(el("section", { class: "card" }, ul, pager(page, (o) => go(`/search?q=${enc(q)}&offset=${o}`))));
    } catch (e) {
      showError(v, e);
    }
  }

  // Snippets are plain text; the words of the query are marked here, as text nodes.
  function snippetNodes(s, q) {
    const words = String(q).split(/\s+/).filter((w) => w.length > 0).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    if (words.length === 0) return [String(s)];
    let re;
    try {
      re = new RegExp("(" + words.join("|") + ")", "giu");
    } catch (_) {
      return [String(s)];
    }
    return String(s).split(re).map((part, i) => (i % 2 === 1 ? el("mark", { text: part }) : part));
  }

  function splitOnce(s, sep) {
    const i = s.indexOf(sep);
    return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + sep.length)];
  }

  const EVENT_FILTERS = [
    ["actor", "Actor (any script)", "text"],
    ["target", "Target", "text"],
    ["code", "CAMEO code", "text"],
    ["since", "From", "date"],
    ["until", "To", "date"],
    ["lang", "Language", "select"],
    ["place", "Place", "text"],
  ];

  async function eventsView(params) {
    const v = clear(view());
    v.appendChild(el("h1", { text: "Events" }));
    const form = el("form", { class: "filters card", id: "event-filters" });
    for (const [name, label, type] of EVENT_FILTERS) {
      let input;
      if (type === "select") {
        input = el("select", { name: name }, ["", "bn", "ar", "en", "ru", "hi", "ur", "fa", "fr"].map((l) => el("option", { value: l, text: l || "any", selected: params.get(name) === l && l !== "" })));
      } else {
        input = el("input", { name: name, type: type, dir: "auto", value: params.get(name) || "", placeholder: name === "code" ? "e.g. 19 or 042" : "" });
      }
      form.appendChild(el("label", null, label, input));
    }
    form.appendChild(el("button", { type: "submit", text: "Filter" }));
    form.appendChild(el("button", { type: "button", text: "Clear", onclick: () => go("/events") }));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const qs = new URLSearchParams();
      for (const [name] of EVENT_FILTERS) {
        const val = form.elements[name].value.trim();
        if (val) qs.set(name, val);
      }
      go("/events?" + qs.toString());
    });
    v.appendChild(form);
    const filters = {};
    for (const [name] of EVENT_FILTERS) filters[name] = params.get(name) || "";
    const tlCard = el("section", { class: "card" }, el("h2", { text: "Timeline of these events" }));
    const tableCard = el("section", { class: "card" });
    v.appendChild(tlCard);
    v.appendChild(tableCard);
    try {
      const offset = Number(params.get("offset")) || 0;
      const [page, tl] = await Promise.all([api("events", Object.assign({ limit: PAGE, offset: offset }, filters)), api("timeline", filters)]);
      tlCard.appendChild(timelineChart(tl.bins, { height: 170 }));
      tableCard.appendChild(eventsTable(page.items || [], { anchor: true }));
      tableCard.appendChild(pager(page, (o) => {
        const qs = new URLSearchParams(params);
        qs.set("offset", o);
        go("/events?" + qs.toString());
      }));
    } catch (e) {
      showError(v, e);
    }
  }

  async function entitiesView(params) {
    const v = clear(view());
    v.appendChild(el("h1", { text: "Entities" }));
    const form = el("form", { class: "filters card" },
      el("label", null, "Kind", el("select", { name: "kind" }, ["", "PER", "ORG", "GPE", "LOC"].map((k) => el("option", { value: k, text: k || "any", selected: params.get("kind") === k && k !== "" })))),
      el("label", null, "Knowledge base", el("select", { name: "new" }, [["", "all"], ["true", "only names not in the KB"]].map(([v, t]) => el("option", { value: v, text: t, selected: params.get("new") === v && v !== "" })))),
      el("button", { type: "submit", text: "Filter" }));
    const find = el("form", { class: "filters card", id: "entity-find" },
      el("label", null, "Open an actor by any of its names, in any script", el("input", { name: "name", dir: "auto", placeholder: "হাসিনা · حسينة · Hasina" })),
      el("button", { type: "submit", text: "Open" }));
    find.addEventListener("submit", (e) => {
      e.preventDefault();
      const name = find.elements.name.value.trim();
      if (name) go("/entity/" + enc(name));
    });
    v.appendChild(find);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const qs = new URLSearchParams();
      if (form.elements.kind.value) qs.set("kind", form.elements.kind.value);
      if (form.elements.new.value) qs.set("new", form.elements.new.value);
      go("/entities?" + qs.toString());
    });
    v.appendChild(form);
    try {
      const offset = Number(params.get("offset")) || 0;
      const page = await api("entities", { kind: params.get("kind"), new: params.get("new"), limit: PAGE, offset: offset });
      const rows = (page.items || []).map((en) => el("tr", null,
        el("td", null, hashLink("/entity/" + enc(en.id), en.name || en.id, { dir: "auto" })),
        el("td", { text: en.kind || "" }),
        el("td", { text: en.known === false ? "new" : "KB" }),
        el("td", { class: "num", text: fmtNum(en.mentions) }),
        el("td", { class: "num", text: fmtNum(en.documents) }),
        el("td", { class: "muted small code", text: en.id })));
      const table = el("table", null,
        el("thead", null, el("tr", null, ["Name", "Kind", "Source", "Mentions", "Documents", "Id"].map((h) => el("th", { text: h })))),
        el("tbody", null, rows));
      v.appendChild(el("section", { class: "card" }, rows.length ? table : el("p", { class: "muted", text: "No entities." }), pager(page, (o) => {
        const qs = new URLSearchParams(params);
        qs.set("offset", o);
        go("/entities?" + qs.toString());
      })));
    } catch (e) {
      showError(v, e);
    }
  }

  async function entityView(id) {
    const v = clear(view());
    try {
      const p = await api("entities/" + enc(id));
      v.appendChild(el("h1", { dir: "auto" }, p.name || p.id, " ", el("span", { class: "muted small", text: [p.kind, p.country, p.cameo].filter((x, i, a) => x && a.indexOf(x) === i).join(" · ") })));
      v.appendChild(el("div", { class: "meta" }, el("span", { class: "code", text: p.id }), p.known === false ? el("span", { text: "not in the knowledge base" }) : null,
        hashLink("/events?actor=" + enc(p.id), "all events of this actor →")));
      const grid = el("div", { class: "grid" });
      const names = Array.isArray(p.names) ? p.names : [];
      grid.appendChild(el("section", { class: "card" }, el("h2", { text: "Names in the texts" }),
        names.length ? el("table", { class: "names" },
          el("thead", null, el("tr", null, el("th", { text: "Lang" }), el("th", { text: "Name" }), el("th", { text: "Seen" }))),
          el("tbody", null, names.map((n) => el("tr", null, el("td", null, langTag(n.lang || n.script || "")), el("td", { dir: "auto", lang: safeLang(n.lang), text: n.name }), el("td", { class: "num", text: fmtNum(n.count) })))))
          : el("p", { class: "muted", text: "No mentions stored." })));
      const partners = Array.isArray(p.partners) ? p.partners : [];
      grid.appendChild(el("section", { class: "card" }, el("h2", { text: "Partners" }),
        partners.length ? el("table", null,
          el("thead", null, el("tr", null, el("th", { text: "Actor" }), el("th", { text: "Events" }))),
          el("tbody", null, partners.map((x) => el("tr", null, el("td", null, hashLink("/entity/" + enc(x.id), x.name || x.id, { dir: "auto" })), el("td", { class: "num", text: fmtNum(x.count) })))))
          : el("p", { class: "muted", text: "No events with other actors." })));
      v.appendChild(grid);
      v.appendChild(el("section", { class: "card", id: "mentions-card" }, el("h2", { text: "Mentions over time" }), timelineChart(p.timeline || [], { height: 160, label: "Mentions over time", empty: "No dated mentions" })));
      v.appendChild(el("section", { class: "card" }, el("h2", { text: "Events" }), eventsTable(p.events || [], { anchor: true })));
    } catch (e) {
      v.appendChild(el("h1", { text: "Entity" }));
      showError(v, e);
    }
  }

  async function documentsView(params) {
    const v = clear(view());
    v.appendChild(el("h1", { text: "Documents" }));
    try {
      const offset = Number(params.get("offset")) || 0;
      const page = await api("documents", { limit: PAGE, offset: offset, lang: params.get("lang") });
      const rows = (page.items || []).map((d) => el("tr", null,
        el("td", { class: "code", text: d.published || "" }),
        el("td", null, hashLink("/doc/" + enc(d.id), d.title || d.id, { dir: "auto", lang: safeLang(d.lang) })),
        el("td", null, langTag(d.lang)),
        el("td", { class: "num", text: fmtNum(d.entities) }),
        el("td", { class: "num", text: fmtNum(d.events) })));
      v.appendChild(el("section", { class: "card" },
        rows.length ? el("table", null, el("thead", null, el("tr", null, ["Published", "Title", "Lang", "Entities", "Events"].map((h) => el("th", { text: h })))), el("tbody", null, rows)) : el("p", { class: "muted", text: "No documents." }),
        pager(page, (o) => go("/documents?offset=" + o))));
    } catch (e) {
      showError(v, e);
    }
  }

  async function documentView(id, params) {
    const v = clear(view());
    try {
      const d = await api("documents/" + enc(id));
      const lang = safeLang(d.lang);
      v.appendChild(el("h1", { dir: "auto", lang: lang, id: "doc-title", text: d.title || d.id }));
      v.appendChild(el("div", { class: "meta" }, langTag(d.lang), el("span", { text: d.published || "no date" }), el("span", { class: "code", text: d.id }),
        externalLink(d.url, "original") || el("span", { class: "muted", text: d.source || "" })));
      v.appendChild(el("div", { class: "legend" },
        el("span", null, el("i", { class: "l-ev" }), "event sentence"),
        el("span", null, el("i", { class: "l-per" }), "person"),
        el("span", null, el("i", { class: "l-org" }), "organisation"),
        el("span", null, el("i", { class: "l-gpe" }), "place")));
      const text = typeof d.text === "string" ? d.text : "";
      const bt = byteText(text);
      const events = Array.isArray(d.events) ? d.events : [];
      const layers = [];
      events.forEach((ev, i) => {
        if (typeof ev.start === "number" && typeof ev.end === "number") {
          layers.push({ start: bt.snap(ev.start), end: bt.snap(ev.end), cls: "ev", id: "ev" + i, title: `${ev.code} ${ev.label || ""}`, order: 0 });
        }
      });
      for (const m of Array.isArray(d.mentions) ? d.mentions : []) {
        if (typeof m.start !== "number" || typeof m.end !== "number") continue;
        const kind = ["PER", "ORG", "GPE", "LOC"].includes(m.kind) ? m.kind : "";
        layers.push({ start: bt.snap(m.start), end: bt.snap(m.end), cls: "ent " + kind, tag: "mark", title: `${m.name || m.entity_id} (${kind})`, order: 1,
          onclick: () => go("/entity/" + enc(m.entity_id)) });
      }
      const body = el("article", { class: "card doc-text", lang: lang, id: "doc-text" });
      for (const [a, b] of bt.paragraphs()) body.appendChild(el("p", { dir: "auto" }, renderRange(bt, a, b, layers)));
      if (text === "") body.appendChild(el("p", { class: "muted", text: "(no text)" }));
      v.appendChild(body);
      const at = Number(params.get("at"));
      if (params.has("at")) {
        const i = events.findIndex((ev) => ev.start === at);
        const target = i >= 0 ? body.querySelector(`[data-id="ev${i}"]`) : null;
        if (target) {
          target.classList.add("flash");
          target.scrollIntoView({ block: "center" });
        }
      }
      v.appendChild(el("section", { class: "card" }, el("h2", { text: "Events in this document" }),
        eventsTable(events.map((ev) => Object.assign({ doc_id: d.id, lang: d.lang }, ev)), { anchor: true })));
    } catch (e) {
      v.appendChild(el("h1", { text: "Document" }));
      showError(v, e);
    }
  }

  // ---------- Router ----------

  function go(path) {
    location.hash = "#" + path;
  }

  function route() {
    const h = location.hash.replace(/^#/, "") || "/";
    const [path, query] = splitOnce(h, "?");
    const params = new URLSearchParams(query);
    const parts = path.split("/").filter(Boolean).map((p) => {
      try { return decodeURIComponent(p); } catch (_) { return p; }
    });
    const section = parts[0] || "overview";
    for (const a of document.querySelectorAll("nav a")) {
      a.classList.toggle("active", a.dataset.nav === section || (section === "entity" && a.dataset.nav === "entities") || (section === "doc" && a.dataset.nav === "documents"));
    }
    window.scrollTo(0, 0);
    const input = document.getElementById("search-q");
    if (input && section !== "search") input.value = "";
    switch (section) {
      case "search": return searchView(params);
      case "events": return eventsView(params);
      case "entities": return entitiesView(params);
      case "entity": return entityView(parts.slice(1).join("/"));
      case "documents": return documentsView(params);
      case "doc": return documentView(parts.slice(1).join("/"), params);
      default: return overview();
    }
  }

  async function footer() {
    try {
      const s = await api("stats");
      const f = document.getElementById("foot-stats");
      if (f) f.textContent = `${fmtNum(s.documents)} documents · ${fmtNum(s.events)} events · ${fmtNum(s.entities)} entities`;
    } catch (_) {
      /* the page works without it */
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("search-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const q = document.getElementById("search-q").value.trim();
      if (q) go("/search?q=" + enc(q));
    });
    window.addEventListener("hashchange", route);
    route();
    footer();
  });
})();
