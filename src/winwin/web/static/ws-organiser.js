// winwin workshop: the organiser's page. The organiser key comes in the link's fragment
// (#key=…), which the browser never sends to a server; this page keeps it in localStorage and
// sends it in a header with every organiser action.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const el = WW.el;
  const status = (m, kind) => WW.status($("status"), m, kind);
  const code = WS.code;
  const store = "ww_organiser_" + code;
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("key");
  if (fromHash) localStorage.setItem(store, fromHash);
  const key = fromHash || localStorage.getItem(store) || "";
  remember();
  const H = {"X-Organiser-Key": key};
  let state = null;

  function remember() {
    if (!key) return;
    const list = JSON.parse(localStorage.getItem("ww_sessions") || "[]").filter((x) => x.code !== code);
    list.unshift({code, key});
    localStorage.setItem("ww_sessions", JSON.stringify(list.slice(0, 50)));
  }

  let busy = false;
  const act = async (path, body = {}, method) => {
    if (busy) return null;  // a double click does not start two stages
    busy = true;
    const buttons = [...document.querySelectorAll("main button")];
    buttons.forEach((b) => { b.dataset.was = b.disabled ? "1" : ""; b.disabled = true; });
    try {
      const r = await WS.call(path, body, H, method);
      status("");
      return r;
    } catch (err) { status(err.message); return null; }
    finally {
      buttons.forEach((b) => { b.disabled = b.dataset.was === "1"; });
      busy = false;
      await refresh();
    }
  };

  async function refresh() {
    try {
      state = await WS.call("/organiser", undefined, H);
    } catch (err) {
      status(err.status === 403 ? "This page needs the organiser link (with its #key=…)." : err.message);
      return;
    }
    render();
  }

  function fill(select, values, chosen) {
    if (select.options.length) return;
    select.append(...values.map((v) => el("option", {value: v, text: v, selected: v === chosen})));
  }

  function render() {
    const s = state;
    $("title").textContent = s.title;
    document.title = `${s.title} · organiser · winwin`;
    show("unreachable", !s.reachable);
    $("qr").src = WS.base + "/qr.svg";
    $("join-link").href = s.links.join;
    $("join-link").textContent = s.links.join;
    $("projector-link").href = s.links.projector;
    fill($("bot-strategy"), s.starters, "tit-for-tat");
    fill($("odd-bot"), s.starters, "tit-for-tat");
    if (!$("library").children.length)
      $("library").append(...s.starters.map((v) => el("label", {class: "inline"},
        el("input", {type: "checkbox", value: v, checked: ["tit-for-tat", "defector", "cooperator"].includes(v)}), " " + v)));
    const people = s.seats.filter((x) => !x.bot && !x.removed);
    $("count").textContent = `${people.length} people, ${people.filter((x) => x.present).length} here now`;
    $("seats").tBodies[0].replaceChildren(...s.seats.filter((x) => !x.removed).map((x) => el("tr", {},
      el("td", {class: "num", text: x.seat}),
      el("td", {}, el("span", {text: x.name}), x.bot ? el("span", {class: "tag", text: `house bot: ${x.bot}`}) : null),
      el("td", {}, el("span", {class: "dot " + (x.present ? "on" : "off"), title: x.present ? "here" : "not connected"})),
      el("td", {text: nowWords(x)}),
      el("td", {class: "num", text: WS.pts(x.total)}),
      el("td", {}, el("button", {class: "small secondary", type: "button", text: "Remove",
        onclick: () => { if (confirm(`Remove ${x.name}?`)) act("/remove", {seat: x.seat}); }})))));
    const st = s.stage;
    let words = "Lobby: people are joining.";
    if (st && st.kind === "game") words = s.game && !s.game.over ? `Live game ${s.game.number}, round ${s.game.round} (${s.game.horizon.words}).` : "The game is over: choose the next stage below.";
    if (st && st.kind === "strategy") words = st.closed ? "The strategy tournament has run: it is on the projector." : `Strategy round: ${s.submitted} submitted.`;
    if (st && st.kind === "debrief") words = "Debrief: on the projector.";
    if (s.paused) words += " Paused.";
    if (s.closed) words += " The session is closed.";
    $("stage-words").textContent = words;
    const g = s.game;
    $("game-progress").replaceChildren();
    if (g && !g.over) {
      const names = g.waiting.map((x) => (s.seats.find((y) => y.seat === x) || {name: "?"}).name);
      $("game-progress").append(el("progress", {max: g.seats, value: g.moved}),
        el("p", {class: "note", text: `${g.moved} of ${g.seats} moves in.` + (names.length ? " Waiting for: " + names.join(", ") : "")}));
    }
    $("pause").textContent = s.paused ? "Go on" : "Pause";
    show("pause", !!(g && !g.over) || s.paused);
    show("close-strategy", st && st.kind === "strategy" && !st.closed);
    $("timeout").disabled = !(g && !g.over);
    $("close").textContent = s.closed ? "Reopen the session" : "Close the session";
    exports();
  }
  const show = (id, on) => $(id).classList.toggle("hidden", !on);

  function nowWords(x) {
    if (x.away) return "away: a stand-in plays";
    if (x.in_game) return x.moved ? "moved" : "thinking";
    if (state.stage && state.stage.kind === "strategy") return x.submitted ? "submitted" : "building";
    if (state.game && !state.game.over && !x.bot) return "joins the next game";
    return "";
  }

  function exports() {
    const q = `?key=${encodeURIComponent(key)}&names=${$("names").checked}`;
    $("export-html").href = WS.base + "/debrief.html" + q;
    $("export-csv").href = WS.base + "/export.csv" + q;
    $("export-parquet").href = WS.base + "/export.parquet" + q;
  }
  $("names").addEventListener("change", exports);

  const kind = () => document.querySelector("input[name=kind]:checked").value;
  for (const r of document.querySelectorAll("input[name=kind]")) r.addEventListener("change", () => {
    show("game-settings", kind() === "game");
    show("strategy-settings", kind() === "strategy");
  });
  $("horizon").addEventListener("change", () => {
    const fixed = $("horizon").value === "fixed";
    show("turns-box", fixed); show("continue-box", !fixed); show("min-box", !fixed);
  });
  $("next").addEventListener("click", () => {
    const k = kind();
    if (state && state.game && !state.game.over &&
        !confirm(`Game ${state.game.number} is still being played (round ${state.game.round}). End it here and start the next stage?`)) return;
    let settings = {};
    if (k === "game") {
      settings = {noise: +$("noise").value / 100, pairing: $("pairing").value, matching: $("matching").value,
                  timeout: +$("timeout-s").value, bot: $("odd-bot").value};
      if ($("horizon").value === "fixed") settings.turns = +$("turns").value;
      else { settings.continue = +$("continue").value / 100; settings.min_rounds = +$("min-rounds").value; }
    } else if (k === "strategy") {
      settings = {library: [...$("library").querySelectorAll("input:checked")].map((x) => x.value),
                  turns: +$("s-turns").value, noise: +$("s-noise").value / 100};
    }
    act("/stage", {kind: k, settings});
  });
  $("pause").addEventListener("click", () => act("/pause", {value: !state.paused}));
  $("timeout").addEventListener("click", () => state.game && act("/timeout", {game: state.game.number, round: state.game.round}));
  $("close-strategy").addEventListener("click", () => act("/close-strategy"));
  $("close").addEventListener("click", () => act("/close", {value: !state.closed}));
  $("bots").addEventListener("submit", (ev) => {
    ev.preventDefault();
    act("/bots", {strategy: $("bot-strategy").value, count: +$("bot-count").value});
  });
  $("delete").addEventListener("click", async () => {
    if (!confirm("Delete this session and all its data? This cannot be undone.")) return;
    const r = await act("", undefined, "DELETE");
    if (r) {
      const list = JSON.parse(localStorage.getItem("ww_sessions") || "[]").filter((x) => x.code !== code);
      localStorage.setItem("ww_sessions", JSON.stringify(list));
      localStorage.removeItem(store);
      location.href = "/workshop";
    }
  });

  const later = WS.debounce(refresh, 150);
  WS.live({onEvent: later, onState: refresh, onStatus: (ok) => { $("conn").className = "conn " + (ok ? "on" : "off"); }});
  setInterval(refresh, 5000);  // presence changes without an event
  refresh();
})();
