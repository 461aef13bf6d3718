// winwin workshop: a participant's phone. The seat lives in a cookie (and a resume link);
// the page asks the server for its view whenever something happens, so a reload, a sleep or
// a lost connection always comes back to the same seat and score.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const el = WW.el;
  const status = (m, kind) => WW.status($("status"), m, kind);
  let view = null;
  let stream = null;
  let sending = false;
  let starters = [];
  const clock = WS.countdown($("clock"));
  const show = (id, on) => $(id).classList.toggle("hidden", !on);
  const LETTER = {C: "cooperated", D: "defected"};

  let retry = 0;
  let retryTimer = null;
  async function refresh() {
    clearTimeout(retryTimer);
    let resume = view && view.resume;
    try {
      view = await WS.call("/me");
      view.resume = view.resume || resume;
      retry = 0;
    } catch (err) {
      if (err.status === 403) return needJoin(err.message);
      if (err.status === 404) { status(err.message); show("join-form", false); return; }
      // busy or unreachable: try again, a little later each time (at most every 10 s)
      status("No connection to the server: trying again…", "info");
      retry = Math.min(retry + 1, 5);
      retryTimer = setTimeout(refresh, 500 * 2 ** retry);
      return;
    }
    status("");
    render();
    if (!stream) stream = WS.live({seat: view.seat, after: view.last, onEvent, onState: refresh,
                                   onStatus: conn});
  }
  $("back").addEventListener("click", async () => {
    try { view = {...await WS.call("/back", {}), resume: view.resume}; render(); }
    catch (err) { status(err.message); }
  });

  function conn(ok) {
    $("conn").className = "conn " + (ok ? "on" : "off");
    $("conn").title = ok ? "connected" : "reconnecting";
  }

  const later = WS.debounce(refresh, 60);
  function onEvent(e) {
    if (!view) return;
    if (["joined", "bot", "strategy"].includes(e.type)) return;  // nothing changes here
    later();
  }

  async function needJoin(message) {
    show("seat", false);
    show("join-form", true);
    if (/removed/.test(message)) status(message + ". You may join again with a new seat.", "info");
    try {
      const s = await WS.call("");
      $("join-title").textContent = "Join " + s.title;
      if (s.closed) status("The organiser has closed this session.", "info");
    } catch (err) {
      status(err.message);
      show("join-form", false);
    }
  }

  $("join-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    $("join").disabled = true;
    try {
      const r = await WS.call("/join", {nickname: $("nickname").value});
      show("join-form", false);
      status("");
      view = r.view;
      view.resume = r.resume;
      await refresh();
    } catch (err) { status(err.message); }
    finally { $("join").disabled = false; }
  });

  function render() {
    const v = view;
    show("join-form", false);
    show("seat", true);
    show("paused", v.paused);
    $("hello").textContent = v.name;
    $("total").textContent = WS.pts(v.total);
    if (v.resume) { $("resume").href = v.resume; $("resume").textContent = v.resume; }
    const kind = v.stage ? v.stage.kind : null;
    show("lobby", !kind);
    const inGame = kind === "game" && v.mine && v.game && !v.game.over;
    show("play", kind === "game" && !!v.mine);
    show("waiting", kind === "game" && !v.mine);
    $("waiting-words").textContent = v.game && !v.game.over ?
      "A game is under way: you play from the next one." : "This game is over: you play in the next one.";
    show("over", kind === "game" && v.game && v.game.over && !!v.mine);
    show("strategy", kind === "strategy" && !v.stage.closed);
    show("strategy-closed", kind === "strategy" && v.stage.closed);
    show("debrief", kind === "debrief");
    if (kind === "game" && v.mine) renderGame(v, inGame);
    if (kind === "strategy") renderStrategy(v);
    if (kind === "debrief") renderDebrief();
    if (v.closed) status("The organiser has closed this session.", "info");
  }

  function renderGame(v, open) {
    const g = v.game, m = v.mine;
    $("round-title").textContent = open ? `Game ${g.number} · round ${g.round}` : `Game ${g.number} is over`;
    $("horizon").textContent = (g.horizon.known ? `This game has ${g.horizon.rounds} rounds.` :
      `Nobody knows when this game ends: ${g.horizon.words}.`) +
      (g.noise > 0 ? ` Mistakes: ${Math.round(100 * g.noise)}% of moves flip.` : "");
    $("partner").replaceChildren(document.createTextNode("Your partner: "),
      el("b", {text: m.partner || "?"}), m.partner_bot ? el("span", {class: "tag", text: "house bot"}) : "");
    show("away", v.away && open);
    pays(v);
    const moved = m.moved;
    $("cooperate").classList.toggle("picked", moved === "C");
    $("defect").classList.toggle("picked", moved === "D");
    show("chosen", open);
    show("clock", open);
    clock(open && !moved ? g.seconds_left : null);
    $("cooperate").disabled = $("defect").disabled = !open || !!moved || v.paused || sending;
    document.querySelector(".play-buttons").classList.toggle("hidden", !open);
    $("chosen").textContent = !open ? "" : moved ? (m.moved_by === "seat" ?
      `You chose to ${moved === "C" ? "cooperate" : "defect"}. Waiting for the others…` :
      m.moved_by === "bot" ? "A stand-in played this round for you; you play again from the next one." :
      `Time ran out: you were given “${moved === "C" ? "cooperate" : "defect"}” this round.`) :
      "Your move: cooperate or defect?";
    const h = m.history;
    const lastRow = h[h.length - 1];
    $("last").replaceChildren();
    if (lastRow) {
      const mistake = lastRow.your_mistake ? " (your move flipped by mistake)" : "";
      $("last").append(el("p", {}, `Round ${lastRow.round}: you ${LETTER[lastRow.you]}${mistake}, they ${LETTER[lastRow.them]}: `,
        WS.outcomeChip(lastRow.outcome), `. You +${WS.pts(lastRow.pay)}, they +${WS.pts(lastRow.their_pay)}.`));
    }
    $("game-you").textContent = WS.pts(m.totals[0]);
    $("game-them").textContent = WS.pts(m.totals[1]);
    $("history").tBodies[0].replaceChildren(...[...h].reverse().map((r) => el("tr", {},
      el("td", {text: r.round}), el("td", {text: r.you}), el("td", {text: r.them}),
      el("td", {}, WS.outcomeChip(r.outcome)), el("td", {class: "num", text: `${WS.pts(r.totals[0])} : ${WS.pts(r.totals[1])}`}))));
  }

  // the game's payoffs from the phone's side, in the outcome words
  let paysShown = null;
  function pays(v) {
    if (paysShown === v.game_spec) return;
    paysShown = v.game_spec;
    const [R, S, T, P] = v.payoffs;
    const rows = [["C", "C", "win_win", R, R], ["D", "C", "win_lose", T, S],
                  ["C", "D", "lose_win", S, T], ["D", "D", "lose_lose", P, P]];
    $("pays").tBodies[0].replaceChildren(...rows.map(([me, them, key, a, b]) => el("tr", {},
      el("td", {text: me === "C" ? "cooperate" : "defect"}), el("td", {text: them === "C" ? "cooperate" : "defect"}),
      el("td", {}, WS.outcomeChip(key)), el("td", {class: "num", text: WS.pts(a)}), el("td", {class: "num", text: WS.pts(b)}))));
  }

  async function send(move) {
    if (!view || !view.game || sending) return;
    sending = true;
    $("cooperate").disabled = $("defect").disabled = true;
    const body = {game: view.game.number, round: view.game.round, move};
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        view = {...await WS.call("/move", body), resume: view.resume};
        sending = false;
        status("");
        render();
        return;
      } catch (err) {
        if (err.status && err.status < 500 && err.status !== 429) { status(err.message); break; }
        status("No connection: sending again…", "info");  // safe: a resent move changes nothing
        await new Promise((r) => setTimeout(r, 800 * (attempt + 1)));
      }
    }
    sending = false;
    refresh();
  }
  $("cooperate").addEventListener("click", () => send("C"));
  $("defect").addEventListener("click", () => send("D"));

  // -- the strategy round -------------------------------------------------------------------
  const sliders = ["first", "cc", "cd", "dc", "dd", "forgive"];
  function setSlider(name, p) {
    $("s-" + name).value = Math.round(100 * p);
    $("s-" + name + "-out").textContent = Math.round(100 * p) + "%";
  }
  for (const name of sliders) {
    $("s-" + name).addEventListener("input", () => {
      const p = +$("s-" + name).value / 100;
      setSlider(name, p);
      if (name === "forgive") { setSlider("cd", p); setSlider("dd", p); }
      if (name === "cd" || name === "dd") setSlider("forgive", (+$("s-cd").value + +$("s-dd").value) / 200);
      if (name !== "first") $("start-from").value = "";
      $("start-rule").textContent = "";
    });
  }
  $("start-from").addEventListener("change", () => {
    const s = starters.find((x) => x.slug === $("start-from").value);
    if (!s) return;
    setSlider("first", s.first);
    ["cc", "cd", "dc", "dd"].forEach((k, i) => setSlider(k, s.p[i]));
    setSlider("forgive", (s.p[1] + s.p[3]) / 2);
    $("start-rule").textContent = s.rule;
  });
  async function loadStarters() {
    if (starters.length) return;
    starters = await WS.call("/starters");
    $("start-from").append(...starters.map((s) => el("option", {value: s.slug, text: s.name})));
    if (!filled) {  // the sliders start as tit-for-tat: say so
      $("start-from").value = "tit-for-tat";
      $("start-from").dispatchEvent(new Event("change"));
    }
  }
  let filled = false;
  function renderStrategy(v) {
    loadStarters();
    const cfg = v.stage.settings;
    $("strategy-rules").textContent = (cfg.turns ? `each match lasts ${cfg.turns} rounds` :
      `after each round a match goes on with probability ${Math.round(100 * cfg.continue)}%`) +
      (cfg.noise ? `, and ${Math.round(100 * cfg.noise)}% of moves flip by mistake.` : ", without mistakes.");
    const mine = v.strategy;
    if (mine && !filled) {
      setSlider("first", mine.first);
      ["cc", "cd", "dc", "dd"].forEach((k, i) => setSlider(k, mine.p[i]));
      setSlider("forgive", (mine.p[1] + mine.p[3]) / 2);
      filled = true;
    }
    $("submitted").textContent = mine ? "Submitted. You may change it until the organiser starts the tournament." : "";
    if (v.stage.closed) showRank();
  }
  $("strategy").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const p = ["cc", "cd", "dc", "dd"].map((k) => +$("s-" + k).value / 100);
    try {
      view = {...await WS.call("/strategy", {first: +$("s-first").value / 100, p,
                                            base: $("start-from").value || null}), resume: view.resume};
      filled = true;
      render();
    } catch (err) { status(err.message); }
  });
  async function showRank() {
    try {
      const t = await WS.call("/tournament");
      const me = t.entries.find((e) => e.seat === view.seat);
      $("my-rank").textContent = me ? `Your strategy finished ${me.rank} of ${t.entries.length}, ` +
        `with ${me.score.toFixed(2)} points per turn.` : "";
    } catch (e) { /* not run yet */ }
  }
  async function renderDebrief() {
    try {
      const d = await WS.call("/debrief");
      const me = d.people.find((p) => p.seat === view.seat);
      const people = d.people.filter((p) => !p.bot).length;
      $("story").replaceChildren(
        ...(me ? [el("li", {class: "mine", text: `You finished ${WS.ordinal(me.person_rank)} of ${people} people with ${WS.pts(me.total)} points, ` +
                             `and outscored ${me.beat} of the ${me.games} partners you met.`})] : []),
        ...d.story.map((s) => el("li", {text: s})));
    } catch (e) { /* shown on the projector */ }
  }

  refresh();
})();
