// Evolution sandbox: population sliders that always sum to the population size, payoffs,
// rounds, mistakes; Start, Stop, Step, Reset animate a run computed by the server.
"use strict";
(() => {
  const {el, api, status, readLink, writeLink, copyButton, freshSeed, pct, num, PALETTE} = WW;
  const $ = (id) => document.getElementById(id);
  const CHARACTERS = JSON.parse($("characters").textContent);
  const link = readLink();
  const SHORT = {"copycat": "Cop", "always-cheat": "Che", "always-cooperate": "Coo", "grudger": "Gru",
                 "detective": "Det", "copykitten": "Kit", "simpleton": "Sim", "random": "Ran"};
  const title = (s) => s.split("-").map((w) => w[0].toUpperCase() + w.slice(1)).join(" ");
  let names = {}, pop = [], data = null, gen = 0, timer = null, busy = false;

  // -- population -----------------------------------------------------------------------------
  const size = () => Math.max(2, Math.min(100, Math.round(Number($("size").value) || 25)));
  function defaultPopulation(n) {
    const base = Math.floor(n / CHARACTERS.length);
    const out = CHARACTERS.map((c) => [c, base]);
    let left = n - base * CHARACTERS.length;
    for (let k = out.length - 1; left > 0; k = (k - 1 + out.length) % out.length, left--) out[k][1] += 1;
    return out;
  }
  function rebalance(fixed, total) {
    // keep pop[fixed]'s count, share the rest over the others by their current counts
    const others = pop.map((_, k) => k).filter((k) => k !== fixed);
    const rest = total - (fixed === null ? 0 : pop[fixed][1]);
    const cur = others.reduce((a, k) => a + pop[k][1], 0);
    const raw = others.map((k) => cur > 0 ? pop[k][1] * rest / cur : rest / others.length);
    const floor = raw.map(Math.floor);
    let left = rest - floor.reduce((a, b) => a + b, 0);
    const order = raw.map((r, i) => [r - floor[i], i]).sort((a, b) => b[0] - a[0]);
    for (const [, i] of order) { if (left <= 0) break; floor[i] += 1; left -= 1; }
    others.forEach((k, i) => { pop[k][1] = floor[i]; });
  }
  function drawSliders() {
    const n = size();
    $("size-out").textContent = n;
    $("population").replaceChildren(...pop.map(([spec, c], k) => {
      const id = `pop-${k}`;
      return el("div", {}, el("label", {for: id}, names[spec] || spec, " ",
                                   el("button", {class: "secondary", style: "padding:0 0.4rem;font-size:0.8rem",
                                                 "aria-label": `remove ${spec}`, onclick: () => remove(k)}, "×")),
        el("div", {class: "row"},
          el("input", {id, type: "range", min: 0, max: n, value: c, style: `accent-color:${PALETTE[k % 10]}`,
                       oninput: (e) => { pop[k][1] = Math.min(n, Number(e.target.value)); rebalance(k, n); syncSliders(); changed(); }}),
          el("output", {id: `${id}-out`}, c)));
    }));
  }
  function syncSliders() {
    pop.forEach(([, c], k) => { $(`pop-${k}`).value = c; $(`pop-${k}-out`).textContent = c; });
  }
  function remove(k) {
    if (pop.length <= 2) { status($("status"), "Keep at least two strategies."); return; }
    pop.splice(k, 1); rebalance(null, size()); drawSliders(); changed();
  }
  async function addStrategy() {
    const spec = $("add").value.trim();
    if (!spec) return;
    try { const d = await api("/api/strategies/" + encodeURIComponent(spec)); names[d.spec] = d.name;
          if (!pop.some((p) => p[0] === d.spec)) pop.push([d.spec, 0]); }
    catch (e) { status($("status"), e.message); return; }
    $("add").value = ""; drawSliders(); changed();
  }

  // -- settings and the link ------------------------------------------------------------------
  const mode = () => $("mode").value;
  const game = () => ["R", "S", "T", "P"].map((k) => Number($(`pay-${k}`).value)).join(",");
  function settings() {
    const prob = document.querySelector("input[name=length][value=prob]").checked && mode() !== "generational";
    return {mode: mode(), population: Object.fromEntries(pop), game: game(), gens: Number($("generations").value),
            turns: prob ? null : Number($("rounds").value), prob_end: prob ? Number($("prob").value) / 100 : null,
            noise: Number($("noise").value) / 100, replace: Number($("replace").value),
            w: Number($("w").value), exact: $("exact").checked, seed: Number($("seed").value)};
  }
  function saveLink() {
    const s = settings();
    writeLink({mode: s.mode, p: pop.map(([k, c]) => `${k}=${c}`), size: size(), game: s.game,
               rounds: s.turns, prob: s.prob_end, noise: s.noise, replace: s.replace, w: s.w,
               exact: s.exact ? 1 : null, gens: s.gens, seed: s.seed, at: gen || null});
  }
  function showControls() {
    for (const k of ["R", "S", "T", "P"]) $(`pay-${k}-out`).textContent = $(`pay-${k}`).value;
    $("rounds-out").textContent = $("rounds").value;
    $("prob-out").textContent = $("prob").value + "%";
    $("noise-out").textContent = $("noise").value + "%";
    $("replace-out").textContent = $("replace").value;
    $("w-out").textContent = $("w").value;
    const m = mode(), prob = document.querySelector("input[name=length][value=prob]").checked;
    $("gen-only").classList.toggle("hidden", m !== "generational");
    $("moran-only").classList.toggle("hidden", m !== "moran");
    $("exact-box").classList.toggle("hidden", m === "generational");
    $("prob-note").classList.toggle("hidden", !(prob && m === "generational"));
    $("turns-row").classList.toggle("hidden", prob && m !== "generational");
    $("prob-row").classList.toggle("hidden", !prob || m === "generational");
  }
  let familyTimer = null;
  function changed() {
    stop(); data = null; gen = 0;
    showControls(); saveLink(); drawNow();
    clearTimeout(familyTimer);
    familyTimer = setTimeout(async () => {
      try { const g = await api("/api/games/" + encodeURIComponent(game()));
            $("family").textContent = `This is ${g.family_words === "Prisoner's Dilemma" ? "a" : "a game of the family"} ${g.family_words}.` + (g.is_pd ? "" : " " + (g.problems[0] || ""));
      } catch (e) { $("family").textContent = e.message; }
    }, 150);
  }

  // -- running --------------------------------------------------------------------------------
  async function fetchRun() {
    const s = settings();
    const len = s.turns !== null ? {turns: s.turns} : {prob_end: s.prob_end};
    let d;
    if (s.mode === "generational") {
      d = await api("/api/evolve", {population: s.population, generations: s.gens, turns: s.turns,
                                    replace: s.replace, noise: s.noise, seed: s.seed, game: s.game});
      d.rows = d.trajectory; d.total = null; d.xs = null;
    } else if (s.mode === "moran") {
      d = await api("/api/moran", {population: s.population, generations: s.gens, w: s.w, ...len,
                                   noise: s.noise, seed: s.seed, game: s.game, exact: s.exact || null});
      d.rows = d.trajectory; d.total = null; d.xs = d.generations;
    } else {
      d = await api("/api/replicator", {shares: s.population, time: s.gens, points: s.gens + 1, ...len,
                                        noise: s.noise, seed: s.seed, game: s.game, exact: s.exact || null});
      d.rows = d.shares; d.total = 1; d.xs = d.times;
    }
    return d;
  }
  async function ensure() {
    if (data) return true;
    if (busy) return false;
    busy = true; status($("status"), "Computing…", "info");
    try { data = await fetchRun(); status($("status"), ""); }
    catch (e) { status($("status"), e.message); data = null; }
    busy = false;
    return data !== null;
  }
  function stop() { clearInterval(timer); timer = null; }
  async function step() {
    stop();
    if (!(await ensure())) return;
    if (gen < data.rows.length - 1) gen += 1;
    drawNow(); saveLink();
  }
  async function start() {
    stop();
    if (!(await ensure())) return;
    if (gen >= data.rows.length - 1) gen = 0;
    timer = setInterval(() => {
      if (gen >= data.rows.length - 1) { stop(); return; }
      gen += 1; drawNow(); saveLink();
    }, 350);
  }
  function reset() { stop(); gen = 0; drawNow(); saveLink(); }

  // -- drawing --------------------------------------------------------------------------------
  function drawNow() {
    const specs = pop.map((p) => p[0]);  // the server keeps the population's order
    const label = (s) => names[s] || s;
    const short = (s) => SHORT[s] || label(s).slice(0, 3);
    const row = data ? data.rows[gen] : pop.map((p) => p[1]);
    const first = data ? data.rows[0] : row;
    const last = data ? data.rows.length - 1 : Number($("generations").value);
    $("gen-label").textContent = mode() === "replicator" ? "Time" : "Generation";
    $("gen").textContent = data && data.xs ? num(data.xs[gen], mode() === "replicator" ? 1 : 0) : gen;
    $("gen-of").textContent = data ? `of ${data.xs ? num(data.xs[last], 0) : last}` : "(press Start or Step)";
    const people = [];
    if (mode() !== "replicator") {
      row.forEach((c, k) => { for (let i = 0; i < c; i++) people.push(el("span", {style: `background:${PALETTE[k % 10]};color:${WW.ink(PALETTE[k % 10])}`, title: label(specs[k])}, short(specs[k]))); });
    }
    $("people").replaceChildren(...people.slice(0, 200));
    $("people").classList.toggle("hidden", mode() === "replicator");
    const fmt = (c) => mode() === "replicator" ? pct(c) : c;
    $("counts").querySelector("tbody").replaceChildren(...specs.map((s, k) => el("tr", {},
      el("td", {}, el("span", {class: "swatch", style: `background:${PALETTE[k % 10]};margin-right:0.4rem`}), label(s)),
      el("td", {class: "num"}, fmt(row[k])), el("td", {class: "num"}, fmt(first[k])))));
    if (data) WW.stackChart($("chart"), data.rows, specs.map(label), {upTo: gen, total: data.total, xs: data.xs,
                                                                     xLabel: mode() === "replicator" ? "time" : "generation"});
    else $("chart").replaceChildren(el("p", {class: "note"}, "The population's shares over the generations will be drawn here."));
    const alive = row.map((c, k) => [c, k]).filter(([c]) => c > (mode() === "replicator" ? 0.995 : 0));
    $("verdict").textContent = data && gen === last ? (alive.length === 1 ? `${label(specs[alive[0][1]])} has taken over.`
      : `Still mixed after ${gen} steps.`) : "";
  }

  // -- start ----------------------------------------------------------------------------------
  function fromLink() {
    if (link.get("mode")) $("mode").value = link.get("mode");
    if (link.get("size")) $("size").value = link.get("size");
    const g = (link.get("game") || "").split(",");
    if (g.length === 4) ["R", "S", "T", "P"].forEach((k, i) => { $(`pay-${k}`).value = g[i]; });
    if (link.get("prob")) { $("prob-radio").checked = true; $("prob").value = Math.round(100 * Number(link.get("prob"))); }
    if (link.get("rounds")) $("rounds").value = link.get("rounds");
    if (link.get("noise")) $("noise").value = Math.round(100 * Number(link.get("noise")));
    if (link.get("replace")) $("replace").value = link.get("replace");
    if (link.get("w")) $("w").value = link.get("w");
    if (link.get("exact")) $("exact").checked = true;
    if (link.get("gens")) $("generations").value = link.get("gens");
    $("seed").value = link.get("seed") ?? freshSeed();
    const items = link.getAll("p").map((x) => { const i = x.lastIndexOf("="); return [x.slice(0, i), Number(x.slice(i + 1))]; });
    pop = items.length >= 2 ? items : defaultPopulation(size());
  }
  fromLink();
  drawSliders(); showControls();
  for (const id of ["pay-R", "pay-S", "pay-T", "pay-P", "rounds", "prob", "noise", "replace", "w"]) $(id).addEventListener("input", changed);
  for (const id of ["mode", "exact", "generations", "seed"]) $(id).addEventListener("change", changed);
  document.querySelectorAll("input[name=length]").forEach((r) => r.addEventListener("change", changed));
  $("size").addEventListener("change", () => { rebalance(null, size()); drawSliders(); changed(); });
  $("add-button").addEventListener("click", addStrategy);
  $("add").addEventListener("keydown", (e) => { if (e.key === "Enter") addStrategy(); });
  $("start").addEventListener("click", start);
  $("stop").addEventListener("click", stop);
  $("step").addEventListener("click", step);
  $("reset").addEventListener("click", reset);
  copyButton($("copy"), $("copied"));
  (async () => {
    try {
      const lib = await api("/api/strategies");
      for (const d of lib) names[d.spec] = d.name;
      for (const c of CHARACTERS) { const d = await api("/api/strategies/" + c); names[c] = title(c) === d.name ? d.name : `${title(c)} (${d.name})`; }
      $("library").replaceChildren(...lib.map((d) => el("option", {value: d.spec}, d.name)));
      drawSliders();
    } catch (e) { status($("status"), e.message); }
    const at = Number(link.get("at") || 0);
    changed();
    for (const id of ["start", "stop", "step", "reset"]) $(id).disabled = false;
    if (at > 0 && (await ensure())) { gen = Math.min(at, data.rows.length - 1); drawNow(); saveLink(); }
  })();
})();
