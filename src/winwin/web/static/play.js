// Play: you against a series of hidden opponents; the server replays the game from the seed.
"use strict";
(() => {
  const {el, api, status, readLink, writeLink, copyButton, freshSeed, pct, num, vocab} = WW;
  const $ = (id) => document.getElementById(id);
  const SERIES = Number(document.querySelector("#game-title").textContent.split(" of ")[1]);
  const state = {game: 0, moves: "", results: [], busy: false};
  const link = readLink();

  const horizonRadio = (v) => document.querySelector(`input[name=horizon][value=${v}]`);
  if (link.get("prob")) { horizonRadio("prob").checked = true; $("prob").value = Math.round(100 * Number(link.get("prob"))); }
  if (link.get("turns")) $("turns").value = link.get("turns");
  if (link.get("noise")) $("noise").value = Math.round(100 * Number(link.get("noise")));
  if (link.get("game")) $("game").value = link.get("game");
  $("seed").value = link.get("seed") ?? freshSeed();

  function settings() {
    const prob = horizonRadio("prob").checked;
    return {turns: prob ? null : Number($("turns").value),
            prob_end: prob ? Number($("prob").value) / 100 : null,
            noise: Number($("noise").value) / 100, game: $("game").value,
            seed: Number($("seed").value) || 0};
  }
  function showSettings() {
    const s = settings();
    $("turns-row").classList.toggle("hidden", s.prob_end !== null);
    $("prob-row").classList.toggle("hidden", s.prob_end === null);
    $("turns-out").textContent = $("turns").value;
    $("prob-out").textContent = $("prob").value + "%";
    $("noise-out").textContent = $("noise").value + "%";
    $("horizon-note").textContent = s.prob_end === null ? `This game lasts ${s.turns} turns.`
      : `After each turn the game ends with a chance of ${$("prob").value}%: you never know which turn is the last.`;
    writeLink({turns: s.turns, prob: s.prob_end, noise: s.noise, game: s.game, seed: s.seed});
    return s;
  }
  const body = () => ({...settings(), seed: settings().seed, moves: state.moves, game_number: state.game});

  function restart() {
    state.game = 0; state.moves = ""; state.results = [];
    $("summary").classList.add("hidden");
    document.querySelector(".play-buttons").classList.remove("hidden");
    showSettings();
    startGame();
  }
  async function startGame() {
    state.moves = "";
    $("reveal").classList.add("hidden");
    $("rounds").querySelector("tbody").replaceChildren();
    $("game-title").textContent = `Game ${state.game + 1} of ${SERIES}`;
    setButtons(false);
    await send();
  }
  function setButtons(on) {
    $("cooperate").disabled = !on; $("defect").disabled = !on;
  }
  async function send() {
    state.busy = true;
    try {
      const d = await api("/api/play", body());
      status($("status"), "");
      render(d);
    } catch (e) { status($("status"), e.message); }
    state.busy = false;
  }
  function cell(moves) {
    const k = WW.outcomeOf(moves);
    return el("span", {class: "outcome", style: `background:${vocab.colours[k]}`}, vocab.words[k]);
  }
  function render(d) {
    $("you-total").textContent = num(d.totals[0], 0);
    $("them-total").textContent = num(d.totals[1], 0);
    $("turn").textContent = d.turn;
    $("thinking").textContent = "What it may be thinking: " + d.thinking;
    const tbody = $("rounds").querySelector("tbody");
    tbody.replaceChildren(...d.actions.map((a, t) => el("tr", {},
      el("td", {}, t + 1),
      el("td", {}, a[0] + (a[0] !== d.chosen[t] ? " (mistake)" : "")),
      el("td", {}, a[1]), el("td", {}, cell(a)),
      el("td", {class: "num"}, `${num(d.cumulative[0][t], 0)} : ${num(d.cumulative[1][t], 0)}`))).reverse());
    if (d.over) finish(d); else setButtons(true);
  }
  function finish(d) {
    setButtons(false);
    const r = d.reveal, o = r.opponent;
    state.results[state.game] = {name: o.name, you: d.totals[0], them: d.totals[1], shares: r.shares};
    const top = r.library.slice(0, 5), you = d.totals[0] / d.turn;
    const box = $("reveal");
    box.replaceChildren(
      el("h2", {}, `It was ${o.name}`),
      el("p", {}, o.rule),
      el("p", {}, `Your outcomes: `, ...vocab.order.map((k) => el("span", {class: "outcome",
        style: `background:${vocab.colours[k]};margin-right:4px`}, `${vocab.words[k]} ${pct(r.shares[k])}`))),
      el("p", {}, `You scored ${num(you)} a turn. How every strategy in the library would have done against ${o.name} over the same ${d.turn} turns, with the same mistakes:`),
      el("div", {class: "scroll"}, el("table", {class: "library"},
        el("thead", {}, el("tr", {}, el("th", {}, "Strategy"), el("th", {class: "num"}, "Score a turn"),
          el("th", {class: "num"}, "win-win"), el("th", {class: "num"}, "lose-lose"))),
        el("tbody", {}, ...top.map((x) => el("tr", {}, el("td", {}, x.name),
          el("td", {class: "num"}, num(x.score)), el("td", {class: "num"}, pct(x.win_win)),
          el("td", {class: "num"}, pct(x.lose_lose))))))),
      el("p", {class: "note"}, `The best five of ${r.library.length}; the worst did ${num(r.library[r.library.length - 1].score)} a turn (${r.library[r.library.length - 1].name}).`),
      state.game + 1 < SERIES ? el("button", {id: "next", onclick: () => { state.game += 1; startGame(); }}, "Next opponent")
                              : el("button", {id: "finish", onclick: summary}, "See your series"));
    box.classList.remove("hidden");
    const next = box.querySelector("button"); if (next) next.focus();
  }
  function summary() {
    const rows = state.results.filter(Boolean);
    const tot = (k) => rows.reduce((a, r) => a + r.shares[k], 0) / rows.length;
    $("summary").replaceChildren(el("h2", {id: "series-done"}, "Your series"),
      el("div", {class: "scroll"}, el("table", {},
        el("thead", {}, el("tr", {}, el("th", {}, "Opponent"), el("th", {class: "num"}, "You"),
          el("th", {class: "num"}, "Them"), el("th", {}, "Outcomes"))),
        el("tbody", {}, ...rows.map((r) => el("tr", {}, el("td", {}, r.name),
          el("td", {class: "num"}, num(r.you, 0)), el("td", {class: "num"}, num(r.them, 0)),
          el("td", {}, WW.outcomeBar(r.shares, 120)))))) ), WW.legend(),
      el("p", {class: "big"}, `Win-win ${pct(tot("win_win"))} of your turns, lose-lose ${pct(tot("lose_lose"))}.`),
      el("button", {onclick: restart}, "Play the series again"));
    $("summary").classList.remove("hidden");
    $("reveal").classList.add("hidden");
    document.querySelector(".play-buttons").classList.add("hidden");
    $("game-title").textContent = "Series over";
  }
  async function move(m) {
    if (state.busy || $("cooperate").disabled) return;
    setButtons(false);
    state.moves += m;
    await send();
  }
  $("cooperate").addEventListener("click", () => move("C"));
  $("defect").addEventListener("click", () => move("D"));
  document.addEventListener("keydown", (e) => {
    if (e.target.tagName === "INPUT" || e.target.tagName === "SELECT") return;
    if (e.key === "c" || e.key === "C") move("C");
    if (e.key === "d" || e.key === "D") move("D");
  });
  for (const id of ["turns", "prob", "noise", "game", "seed"]) $(id).addEventListener("change", restart);
  for (const id of ["turns", "prob", "noise"]) $(id).addEventListener("input", showSettings);
  document.querySelectorAll("input[name=horizon]").forEach((r) => r.addEventListener("change", restart));
  copyButton($("copy"), $("copied"));
  restart();
})();
