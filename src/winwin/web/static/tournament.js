// Tournament: choose strategies and a game, run, read the ranking, the win-win map and the
// head-to-head table; replay any pairing turn by turn.
"use strict";
(() => {
  const {el, api, status, readLink, writeLink, copyButton, freshSeed, pct, num, vocab} = WW;
  const $ = (id) => document.getElementById(id);
  const defaults = JSON.parse($("defaults").textContent);
  const link = readLink();
  let library = [], chosen = link.getAll("s").length ? link.getAll("s") : [...defaults.lineup];
  let result = null, request = null, replayData = null, timer = null;

  // -- settings <-> link ----------------------------------------------------------------------
  if (link.get("prob")) { document.querySelector("input[name=length][value=prob]").checked = true; $("prob").value = link.get("prob"); }
  if (link.get("turns")) $("turns").value = link.get("turns");
  if (link.get("noise")) $("noise").value = link.get("noise");
  if (link.get("reps")) $("reps").value = link.get("reps");
  if (link.get("sp") === "0") $("self-play").checked = false;
  $("seed").value = link.get("seed") ?? freshSeed();

  function settings() {
    const prob = document.querySelector("input[name=length][value=prob]").checked;
    return {strategies: chosen, turns: prob ? null : Number($("turns").value),
            prob_end: prob ? Number($("prob").value) : null, noise: Number($("noise").value),
            repetitions: Number($("reps").value), seed: Number($("seed").value),
            game: GameControls.spec(), self_play: $("self-play").checked};
  }
  function saveLink(extra = {}) {
    const s = settings();
    writeLink({s: s.strategies, turns: s.turns, prob: s.prob_end, noise: s.noise, reps: s.repetitions,
               seed: s.seed, game: s.game, sp: s.self_play ? 1 : 0, ...extra});
  }
  function showLength() {
    const prob = document.querySelector("input[name=length][value=prob]").checked;
    $("turns-row").classList.toggle("hidden", prob);
    $("prob-row").classList.toggle("hidden", !prob);
    $("noise-out").textContent = pct(Number($("noise").value));
  }

  // -- strategies -----------------------------------------------------------------------------
  function drawChosen() {
    $("chosen").replaceChildren(...chosen.map((s, i) => el("span", {class: "chip"}, s,
      el("button", {"aria-label": `remove ${s}`, title: `remove ${s}`,
                    onclick: () => { chosen.splice(i, 1); drawChosen(); }}, "×"))));
    $("run").disabled = chosen.length < 2;
  }
  function add(spec) {
    spec = spec.trim();
    if (!spec) return;
    if (chosen.length >= defaults.max_strategies) { status($("status"), `At most ${defaults.max_strategies} strategies.`); return; }
    if (!chosen.includes(spec)) chosen.push(spec);
    drawChosen();
  }
  function drawPicker() {
    const q = $("search").value.trim().toLowerCase();
    const traits = [...document.querySelectorAll(".trait:checked")].map((c) => c.value);
    const rows = library.filter((d) => {
      if (q && !(d.slug.includes(q) || d.name.toLowerCase().includes(q) || d.aliases.some((a) => a.includes(q)))) return false;
      for (const t of traits) {
        if (t === "deterministic" && d.traits.stochastic) return false;
        if (t === "memory_one" && !d.memory_one) return false;
        if ((t === "nice" || t === "forgiving") && d.traits[t] !== true) return false;
      }
      return true;
    });
    $("picker").replaceChildren(...rows.slice(0, 60).map((d) => el("button", {role: "option",
      title: d.rule, onclick: () => add(d.spec)}, d.name, " ", el("small", {}, d.slug))),
      ...(rows.length > 60 ? [el("p", {class: "note", style: "margin:0.3rem 0.5rem"}, `${rows.length - 60} more: narrow the search`)] : []),
      ...(rows.length === 0 ? [el("p", {class: "note", style: "margin:0.3rem 0.5rem"}, "No strategy matches.")] : []));
  }

  // -- results --------------------------------------------------------------------------------
  async function run(clicked = false) {
    request = settings();
    saveLink();
    status($("status"), "Running…", "info");
    $("run").disabled = true;
    try {
      result = await api("/api/tournament", request);
      status($("status"), "");
      draw();
      if (clicked && window.innerWidth <= 760) $("results").scrollIntoView({behavior: "smooth"});
      const i = link.get("i"), j = link.get("j");
      if (i !== null && j !== null && !replayData) {
        link.delete("i"); link.delete("j");
        replay(Number(i), Number(j), Number(link.get("rep") || 0));
      }
    } catch (e) { status($("status"), e.message); }
    $("run").disabled = chosen.length < 2;
  }
  function draw() {
    const r = result, idx = Object.fromEntries(r.players.map((p, k) => [p, k]));
    $("empty").classList.add("hidden");
    $("ranking").classList.remove("hidden");
    $("ranking").querySelector("tbody").replaceChildren(...r.ranking.map((p, n) => {
      const o = r.outcomes_by_player[p];
      return el("tr", {}, el("td", {}, n + 1), el("td", {}, r.names[idx[p]], " ", el("small", {class: "note slug"}, p === r.names[idx[p]].toLowerCase().replaceAll(" ", "-") ? "" : p)),
        el("td", {class: "num"}, num(r.scores[p], 3)), el("td", {class: "num"}, pct(o.win_win)),
        el("td", {class: "num"}, pct(o.lose_lose)), el("td", {class: "bar-col"}, WW.outcomeBar(o, 140)));
    }));
    $("legend").replaceChildren(WW.legend());
    const len = r.params.turns ? `${r.params.turns} turns` : `random lengths (mean ${num(1 / r.params.prob_end, 0)} turns)`;
    $("summary").textContent = `${r.game.family_words}; ${len}, ${r.params.repetitions} repetitions, noise ${pct(r.params.noise)}, seed ${r.params.seed}. Over all play: win-win ${pct(r.outcomes.win_win)}, lose-lose ${pct(r.outcomes.lose_lose)}.`;
    drawMap(); drawHeat();
  }
  function drawMap() {
    const r = result, g = r.game, u1 = g.payoffs_1, u2 = g.payoffs_2;
    // corners from player 1's side: CC, CD, DC, DD -> (mine, yours)
    const corners = {win_win: [u1[0], u2[0]], lose_win: [u1[1], u2[2]], win_lose: [u1[2], u2[1]], lose_lose: [u1[3], u2[3]]};
    const all = Object.values(corners).flat();
    const lo = Math.min(...all) - 0.5, hi = Math.max(...all) + 0.5;
    const S = 340, M = 36, s = (v) => M + (S - 2 * M) * (v - lo) / (hi - lo), t = (v) => S - s(v);
    const svg = el("svg:svg", {viewBox: `0 0 ${S} ${S}`, class: "chart", role: "img",
                               "aria-label": "win-win map: each pairing's payoffs"});
    const hull = ["win_win", "win_lose", "lose_lose", "lose_win"].map((k) => `${s(corners[k][0])},${t(corners[k][1])}`).join(" ");
    svg.append(el("svg:polygon", {points: hull, fill: "#eeeeee", stroke: "#bbb"}),
               el("svg:line", {x1: s(lo), y1: t(lo), x2: s(hi), y2: t(hi), class: "mark"}));
    svg.append(el("svg:text", {x: S / 2, y: S - 6, "text-anchor": "middle", class: "axis", text: "row's payoff a turn"}),
               el("svg:text", {x: 12, y: S / 2, class: "axis", transform: `rotate(-90 12 ${S / 2})`, "text-anchor": "middle", text: "column's payoff a turn"}));
    for (const [k, [x, y]] of Object.entries(corners)) {
      svg.append(el("svg:circle", {cx: s(x), cy: t(y), r: 6, fill: vocab.colours[k], stroke: "#000"}),
                 el("svg:text", {x: s(x) + (x > (lo + hi) / 2 ? -8 : 8), y: t(y) + (y > (lo + hi) / 2 ? 16 : -8),
                                 "text-anchor": x > (lo + hi) / 2 ? "end" : "start", class: "marklabel", text: vocab.words[k]}));
    }
    const n = r.players.length, m = r.payoff_matrix;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      if (m[i][j] === null) continue;
      const sh = r.pair_outcomes[i][j];
      const best = vocab.order[sh.indexOf(Math.max(...sh))];
      svg.append(el("svg:circle", {cx: s(m[i][j]), cy: t(m[j][i]), r: 4.5, fill: vocab.colours[best], stroke: "#222", "stroke-width": 0.7},
        el("svg:title", {text: `${r.names[i]} ${num(m[i][j])} – ${r.names[j]} ${num(m[j][i])}: mostly ${vocab.words[best]}`})));
    }
    $("map").replaceChildren(svg, el("p", {class: "note"}, "Point colour: the pairing's most common outcome (row's side)."));
  }
  function drawHeat() {
    const r = result, n = r.players.length, m = r.payoff_matrix;
    const vals = m.flat().filter((v) => v !== null), lo = Math.min(...vals), hi = Math.max(...vals);
    const shade = (v) => { const a = hi > lo ? (v - lo) / (hi - lo) : 0.5; const l = 96 - 52 * a; return `hsl(205 70% ${l}%)`; };
    const table = el("table", {class: "heat"},
      el("thead", {}, el("tr", {}, el("th", {}), ...r.names.map((nm) => el("th", {class: "col", scope: "col"}, nm)))),
      el("tbody", {}, ...r.names.map((nm, i) => el("tr", {}, el("th", {scope: "row"}, nm),
        ...r.names.map((_, j) => {
          const v = m[i][j];
          if (v === null) return el("td", {style: "background:#f4f4f4"}, "–");
          const dark = hi > lo && (v - lo) / (hi - lo) > 0.6;
          return el("td", {tabindex: 0, role: "button", "data-i": i, "data-j": j,
                           "aria-label": `replay ${nm} against ${r.names[j]}: ${num(v)} a turn`,
                           style: `background:${shade(v)};color:${dark ? "#fff" : "#000"}`,
                           onclick: () => replay(i, j, 0),
                           onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); replay(i, j, 0); } }},
                    num(v, 2));
        })))));
    $("heat").replaceChildren(table);
  }

  // -- replay ---------------------------------------------------------------------------------
  async function replay(i, j, rep) {
    clearInterval(timer);
    try {
      replayData = await api("/api/tournament/replay", {...request, player: i, opponent: j, repetition: rep});
    } catch (e) { status($("status"), e.message); return; }
    saveLink({i, j, rep});
    const d = replayData;
    $("replay").classList.remove("hidden");
    $("replay-title").textContent = `Replay: ${d.names[0]} against ${d.names[1]}`;
    $("replay-turn").max = d.actions.length;
    $("replay-legend").replaceChildren(WW.legend());
    show(d.actions.length);
    $("replay").scrollIntoView({behavior: "smooth", block: "start"});
  }
  function show(t) {
    const d = replayData, acts = d.actions;
    $("replay-turn").value = t;
    $("replay-turn-out").textContent = `${t} of ${acts.length}`;
    $("replay-moves").replaceChildren(...acts.slice(0, t).map((a, k) => {
      const o = WW.outcomeOf(a);
      return el("span", {style: `background:${vocab.colours[o]}`, title: `turn ${k + 1}: ${a} ${vocab.words[o]}`}, a);
    }));
    if (t > 0) {
      const a = acts[t - 1], o = WW.outcomeOf(a);
      $("replay-now").replaceChildren(`Turn ${t}: ${d.names[0]} ${a[0]}, ${d.names[1]} ${a[1]} `,
        el("span", {class: "outcome", style: `background:${vocab.colours[o]}`}, vocab.words[o]),
        ` · totals ${num(d.cumulative[0][t - 1], 0)} – ${num(d.cumulative[1][t - 1], 0)}`);
    } else $("replay-now").textContent = "";
    const xs = acts.map((_, k) => k + 1);
    WW.lineChart($("replay-chart"), xs, [
      {name: d.names[0], values: d.cumulative[0].map((v, k) => k < t ? v : null)},
      {name: d.names[1], values: d.cumulative[1].map((v, k) => k < t ? v : null), dash: "6 4"}],
      {xLabel: "turn", yLabel: "running total", height: 220,
       yMin: Math.min(0, ...d.cumulative.flat()), yMax: Math.max(1, ...d.cumulative.flat())});
  }
  $("replay-turn").addEventListener("input", () => { clearInterval(timer); show(Number($("replay-turn").value)); });
  $("replay-step").addEventListener("click", () => { clearInterval(timer); show(Math.min(Number($("replay-turn").value) + 1, replayData.actions.length)); });
  $("replay-end").addEventListener("click", () => { clearInterval(timer); show(replayData.actions.length); });
  $("replay-play").addEventListener("click", () => {
    clearInterval(timer);
    let t = Number($("replay-turn").value);
    if (t >= replayData.actions.length) t = 0;
    const stepMs = Math.max(15, Math.min(250, 6000 / replayData.actions.length));
    timer = setInterval(() => { t += 1; show(t); if (t >= replayData.actions.length) clearInterval(timer); }, stepMs);
  });

  // -- start ----------------------------------------------------------------------------------
  $("add-spec").addEventListener("click", () => { add($("spec").value); $("spec").value = ""; });
  $("spec").addEventListener("keydown", (e) => { if (e.key === "Enter") { add($("spec").value); $("spec").value = ""; } });
  $("search").addEventListener("input", drawPicker);
  document.querySelectorAll(".trait").forEach((c) => c.addEventListener("change", drawPicker));
  document.querySelectorAll("input[name=length]").forEach((c) => c.addEventListener("change", showLength));
  $("noise").addEventListener("input", showLength);
  $("run").addEventListener("click", () => { replayData = null; run(true); });
  copyButton($("copy"), $("copied"));
  showLength(); drawChosen();
  (async () => {
    try { library = await api("/api/strategies"); drawPicker(); } catch (e) { status($("status"), e.message); }
    await GameControls.init(link.get("game") || "pd", () => {});
    run();
  })();
})();
