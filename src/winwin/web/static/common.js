// winwin playground: shared helpers (no library, no build step).
"use strict";

const WW = (() => {
  const vocab = JSON.parse(document.getElementById("vocabulary").textContent);
  const SVG = "http://www.w3.org/2000/svg";
  const LINK_VERSION = document.body.dataset.linkVersion;

  function el(tag, attrs = {}, ...children) {
    const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4))
                                        : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c !== null && c !== undefined)
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  }

  async function api(path, body) {
    const opts = body === undefined ? {} : {method: "POST", body: JSON.stringify(body),
                                            headers: {"Content-Type": "application/json"}};
    const res = await fetch(path, opts);
    let data;
    try { data = await res.json(); } catch (e) { data = {error: res.statusText}; }
    if (!res.ok) {
      const msg = data.error || (typeof data.detail === "string" ? data.detail : res.statusText);
      throw new Error(msg);
    }
    return data;
  }

  function status(box, message, kind = "error") {
    box.textContent = message || "";
    box.className = "status " + (message ? kind : "");
  }

  // -- share links: every setting, the seed included, lives in the URL (versioned) ----------
  function readLink() {
    const q = new URLSearchParams(location.search);
    return q.get("v") === LINK_VERSION ? q : new URLSearchParams();
  }
  function writeLink(settings) {
    const q = new URLSearchParams();
    q.set("v", LINK_VERSION);
    for (const [k, v] of Object.entries(settings)) {
      if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
      else if (v !== null && v !== undefined && v !== "") q.set(k, v);
    }
    history.replaceState(null, "", location.pathname + "?" + q.toString());
  }
  function copyButton(button, note) {
    button.addEventListener("click", async () => {
      const url = location.href;
      try { await navigator.clipboard.writeText(url); note.textContent = "Link copied."; }
      catch (e) { note.textContent = url; }
    });
  }
  const freshSeed = () => Math.floor(Math.random() * 2147483647);

  // -- words and colours --------------------------------------------------------------------
  const pct = (x) => (x === null || x === undefined) ? "–" : (100 * x).toFixed(1) + "%";
  const num = (x, d = 2) => (x === null || x === undefined) ? "–" : Number(x).toFixed(d);
  const outcomeOf = (moves) => ({CC: "win_win", DC: "win_lose", CD: "lose_win", DD: "lose_lose"})[moves];

  function legend() {
    return el("ul", {class: "legend", "aria-label": "outcome colours"},
      ...vocab.order.map((k) => el("li", {},
        el("span", {class: "swatch", style: `background:${vocab.colours[k]}`}),
        vocab.labels[k])));
  }

  // A bar of the four outcome shares, each part labelled in words.
  function outcomeBar(shares, width = 160) {
    const svg = el("svg:svg", {viewBox: `0 0 ${width} 14`, preserveAspectRatio: "none", class: "bar",
                               role: "img", "aria-label": vocab.order.map(
                                 (k) => `${vocab.words[k]} ${pct(shares[k])}`).join(", ")});
    let x = 0;
    for (const k of vocab.order) {
      const w = (shares[k] || 0) * width;
      svg.append(el("svg:rect", {x, y: 0, width: w, height: 14, fill: vocab.colours[k]},
        el("svg:title", {text: `${vocab.words[k]} ${pct(shares[k])}`})));
      x += w;
    }
    return svg;
  }

  // -- charts -------------------------------------------------------------------------------
  const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                   "#F0E442", "#000000", "#999999", "#882255"];

  const boxWidth = (box) => Math.max(300, Math.min(720, box.clientWidth || 640));

  // Lines over x; series: [{name, values, colour, dash}]; marks: [{x, label}].
  function lineChart(box, xs, series, {xLabel = "", yLabel = "", marks = [], height = 260,
                                       yMin = null, yMax = null} = {}) {
    box.replaceChildren();
    const W = boxWidth(box), H = Math.round(height * Math.min(1, 0.55 + W / 1400)), L = 48, R = 12, T = 10, B = 36;
    const all = series.flatMap((s) => s.values).filter((v) => v !== null);
    let lo = yMin ?? Math.min(0, ...all), hi = yMax ?? Math.max(...all, lo + 1);
    if (hi === lo) hi = lo + 1;
    const x0 = xs[0] ?? 0, x1 = xs[xs.length - 1] ?? 1;
    const sx = (x) => L + (W - L - R) * (x - x0) / ((x1 - x0) || 1);
    const sy = (y) => T + (H - T - B) * (1 - (y - lo) / (hi - lo));
    const svg = el("svg:svg", {viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img",
                               "aria-label": yLabel + " over " + xLabel});
    for (let k = 0; k <= 4; k++) {
      const y = lo + (hi - lo) * k / 4;
      svg.append(el("svg:line", {x1: L, x2: W - R, y1: sy(y), y2: sy(y), class: "grid"}),
                 el("svg:text", {x: L - 6, y: sy(y) + 4, "text-anchor": "end", class: "tick",
                                 text: Math.abs(hi - lo) >= 10 ? y.toFixed(0) : y.toFixed(2)}));
    }
    for (let k = 0; k <= 4; k++) {
      const x = x0 + (x1 - x0) * k / 4;
      svg.append(el("svg:text", {x: sx(x), y: H - B + 16, "text-anchor": "middle", class: "tick",
                                 text: Number.isInteger(x) || Math.abs(x1 - x0) >= 8 ? Math.round(x) : x.toFixed(1)}));
    }
    svg.append(el("svg:text", {x: (L + W - R) / 2, y: H - 4, "text-anchor": "middle",
                               class: "axis", text: xLabel}));
    for (const m of marks) {
      svg.append(el("svg:line", {x1: sx(m.x), x2: sx(m.x), y1: T, y2: H - B, class: "mark"}),
                 el("svg:text", {x: Math.min(sx(m.x) + 4, W - R - 4), y: T + 12 + (m.row || 0) * 14,
                                 class: "marklabel",
                                 "text-anchor": sx(m.x) > W * 0.7 ? "end" : "start",
                                 text: m.label}));
    }
    series.forEach((s, i) => {
      const pts = s.values.map((v, k) => v === null ? null : `${sx(xs[k]).toFixed(1)},${sy(v).toFixed(1)}`)
        .filter(Boolean).join(" ");
      svg.append(el("svg:polyline", {points: pts, fill: "none", stroke: s.colour || PALETTE[i % 10],
                                     "stroke-width": s.width || 2.5,
                                     "stroke-dasharray": s.dash || null},
        el("svg:title", {text: s.name})));
    });
    box.append(svg);
    box.append(el("ul", {class: "legend"}, ...series.map((s, i) => el("li", {},
      el("span", {class: "swatch" + (s.dash ? " dashed" : ""),
                  style: `background:${s.colour || PALETTE[i % 10]}`}), s.name))));
  }

  // Stacked areas of shares (rows of counts or shares over generations).
  function stackChart(box, rows, names, {xLabel = "generation", total = null, upTo = null,
                                         xs = null} = {}) {
    box.replaceChildren();
    const W = boxWidth(box), H = 240, L = 40, R = 12, T = 8, B = 34;
    const n = upTo === null ? rows.length : Math.min(upTo + 1, rows.length);
    const xv = xs || rows.map((_, k) => k);
    const x1 = xv[rows.length - 1] || 1;
    const sx = (x) => L + (W - L - R) * x / x1;
    const sy = (y) => T + (H - T - B) * (1 - y);
    const svg = el("svg:svg", {viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img",
                               "aria-label": "population shares over " + xLabel});
    const sums = rows.map((r) => total || r.reduce((a, b) => a + b, 0) || 1);
    const base = new Array(n).fill(0);
    names.forEach((name, i) => {
      const top = [], bottom = [];
      for (let k = 0; k < n; k++) {
        const b = base[k], t = b + rows[k][i] / sums[k];
        bottom.push(`${sx(xv[k]).toFixed(1)},${sy(b).toFixed(1)}`);
        top.push(`${sx(xv[k]).toFixed(1)},${sy(t).toFixed(1)}`);
        base[k] = t;
      }
      svg.append(el("svg:polygon", {points: top.concat(bottom.reverse()).join(" "),
                                    fill: PALETTE[i % 10], opacity: 0.9},
        el("svg:title", {text: name})));
    });
    for (const y of [0, 0.5, 1]) svg.append(el("svg:text", {x: L - 6, y: sy(y) + 4,
      "text-anchor": "end", class: "tick", text: (100 * y) + "%"}));
    // round ticks (1, 2 or 5 times a power of ten apart), at most about five of them
    const raw = x1 / 4, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * mag).find((v) => v >= raw);
    for (let v = 0; v <= x1 + 1e-9; v += step) svg.append(el("svg:text", {x: sx(v),
      y: H - B + 16, "text-anchor": "middle", class: "tick", text: +v.toFixed(6)}));
    svg.append(el("svg:text", {x: (L + W) / 2, y: H - 4, "text-anchor": "middle", class: "axis",
                               text: xLabel}));
    box.append(svg);
    box.append(el("ul", {class: "legend"}, ...names.map((s, i) => el("li", {},
      el("span", {class: "swatch", style: `background:${PALETTE[i % 10]}`}), s))));
  }

  // Black or white text, whichever reads better on the colour.
  function ink(hex) {
    const v = parseInt(hex.slice(1), 16), r = v >> 16, g = (v >> 8) & 255, b = v & 255;
    return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? "#000" : "#fff";
  }

  return {vocab, ink, el, api, status, readLink, writeLink, copyButton, freshSeed, pct, num,
          outcomeOf, legend, outcomeBar, lineChart, stackChart, PALETTE};
})();
