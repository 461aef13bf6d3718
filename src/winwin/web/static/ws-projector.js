// winwin workshop: the projector. Read-only and without secrets: the code, the live
// leaderboard, the round-by-round outcomes, the strategy tournament and its evolution, the
// debrief. It rebuilds the round-by-round chart from the numbered public events.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const el = WW.el;
  const show = (id, on) => $(id).classList.toggle("hidden", !on);
  let state = null;
  const rounds = [];
  let shownTournament = null;
  const clock = WS.countdown($("clock"));

  async function refresh() {
    try {
      state = await WS.call("");
      if (state.stage && state.stage.kind === "game") rounds.splice(0, rounds.length, ...await WS.call("/rounds"));
    } catch (err) { WW.status($("status"), err.message); return; }
    WW.status($("status"), "");
    render();
  }

  function render() {
    const s = state;
    $("title").textContent = s.title;
    $("join-link").textContent = s.links.join;
    if (!$("qr").src) $("qr").src = WS.base + "/qr.svg";
    show("paused", s.paused);
    const kind = s.stage ? s.stage.kind : null;
    const lobby = !kind || (kind === "game" && !s.game);
    show("lobby", lobby);
    document.body.classList.toggle("compact", !lobby);
    if (!$("big-qr").src) $("big-qr").src = WS.base + "/qr.svg";
    $("big-link").textContent = s.links.join;
    show("game", kind === "game" && !!s.game);
    show("strategy", kind === "strategy");
    show("debrief", kind === "debrief");
    const people = s.leaderboard.filter((r) => !r.bot);
    $("people-words").textContent = !people.length ? "Nobody has joined yet" :
      people.length === 1 ? "1 person has joined" : `${people.length} people have joined`;
    $("names").replaceChildren(...people.map((r) => el("span", {class: "chip name", text: r.name})));
    if (kind === "game" && s.game) {
      const g = s.game;
      $("game-title").textContent = g.over ? `Game ${g.number} is over` : `Game ${g.number} · round ${g.round}`;
      $("game-words").textContent = `${g.horizon.known ? g.horizon.words : "Uncertain length: " + g.horizon.words}` +
        (g.noise ? ` · mistakes ${Math.round(100 * g.noise)}%` : "") +
        (g.matching === "stranger" ? " · a new partner every round" : "");
      $("moved").max = g.seats; $("moved").value = g.over ? g.seats : g.moved;
      $("moved-words").textContent = g.over ? "" : `${g.moved} of ${g.seats} moves in ·`;
      clock(g.over ? null : g.seconds_left);
      WS.leaderboard($("board"), s.leaderboard, 15);
      WS.roundBars($("bars"), rounds);
    }
    if (!(kind === "game" && s.game && !s.game.over)) clock(null);
    if (kind === "strategy") strategy(s);
    if (kind === "debrief") debrief();
  }

  async function strategy(s) {
    if (!s.stage.closed) {
      $("strategy-words").textContent = `Build your strategy on your phone: ${s.submitted} submitted so far.`;
      $("ranking").replaceChildren(); $("evolution").replaceChildren();
      shownTournament = null;
      return;
    }
    $("strategy-words").textContent = "Every strategy met every other one (exact payoffs). Then the population evolves: what earns more spreads.";
    if (shownTournament === s.stage.number) return;
    shownTournament = s.stage.number;
    try {
      const t = await WS.call("/tournament");
      if (!t.ready) { $("strategy-words").textContent = "Not enough strategies for a tournament."; return; }
      WS.ranking($("ranking"), t);
      WS.evolution($("evolution"), t);
    } catch (err) { WW.status($("status"), err.message); }
  }

  let shownDebrief = -1;
  async function debrief() {
    if (shownDebrief === state.last) return;
    shownDebrief = state.last;
    try {
      const d = await WS.call("/debrief");
      $("story").replaceChildren(...d.story.map((x) => el("p", {text: x})));
      WS.leaderboard($("final-board"), d.people.map((p) => ({...p})), 30);
      WS.roundBars($("final-bars"), d.per_round);
    } catch (err) { WW.status($("status"), err.message); }
  }

  const later = WS.debounce(refresh, 150);
  WS.live({onEvent: later, onState: refresh, onStatus: () => {}});
  refresh();
})();
