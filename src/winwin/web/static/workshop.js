// winwin workshop: what the phone, organiser and projector pages share. Every text shown
// goes through textContent (WW.el), never innerHTML: nicknames are whatever people typed.
"use strict";

const WS = (() => {
  const code = document.body.dataset.code || "";
  const base = "/api/workshops/" + encodeURIComponent(code);

  async function call(path, body, headers = {}, method) {
    const opts = {method: method || (body === undefined ? "GET" : "POST"),
                  headers: {...headers}, credentials: "same-origin"};
    if (body !== undefined) {
      opts.body = JSON.stringify(body);
      opts.headers["Content-Type"] = "application/json";
    }
    const res = await fetch(base + path, opts);
    let data;
    try { data = await res.json(); } catch (e) { data = {error: res.statusText}; }
    if (!res.ok) {
      const err = new Error(data.error || res.statusText);
      err.status = res.status;
      throw err;
    }
    return data;
  }

  // A live connection: numbered server-sent events. The browser resends the last number it
  // saw when it reconnects by itself; when the page comes back from the background (phones
  // drop connections there) we re-fetch the state and reopen from the last event seen.
  function live({seat = 0, after = null, onEvent = () => {}, onState = () => {},
                 onStatus = () => {}}) {
    let es = null;
    let last = after;
    let timer = null;
    function open() {
      if (es) es.close();
      const q = new URLSearchParams();
      if (seat) q.set("seat", seat);
      if (last !== null) q.set("after", last);
      es = new EventSource(base + "/events?" + q.toString());
      es.onopen = () => onStatus(true);
      es.onerror = () => {
        onStatus(false);
        if (es.readyState === EventSource.CLOSED) { clearTimeout(timer); timer = setTimeout(open, 3000); }
      };
      es.onmessage = (m) => {
        const e = JSON.parse(m.data);
        last = e.n;
        onEvent(e);
      };
      es.addEventListener("reset", (m) => { last = JSON.parse(m.data).last; onState(); });
      es.addEventListener("gone", () => { es.close(); onStatus(false, "gone"); });
    }
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState !== "visible") return;
      onState();
      if (!es || es.readyState !== EventSource.OPEN) open();
    });
    window.addEventListener("online", () => { onState(); open(); });
    open();
    return {get last() { return last; }, set last(v) { last = v; }, reopen: open};
  }

  // Calls coalesced: many events in a burst become one state fetch.
  function debounce(fn, ms = 120) {
    let t = null;
    return () => { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  const el = WW.el;
  const WORDS = WW.vocab.words;
  const COLOURS = WW.vocab.colours;

  function outcomeChip(key) {
    return el("span", {class: "chip", style: `background:${COLOURS[key]};color:${WW.ink(COLOURS[key])}`,
                       text: WORDS[key]});
  }

  // points: whole numbers as they are, others with two decimals
  const pts = (x) => (Number.isInteger(x) ? String(x) : Number(x).toFixed(2));

  // Round by round: the share of pairs at win-win, mixed and lose-lose (stacked bars).
  function roundBars(box, rows) {
    box.replaceChildren();
    if (!rows.length) return;
    const w = 600, h = 140, n = rows.length, bw = Math.max(2, (w - 10) / n);
    const svg = el("svg:svg", {viewBox: `0 0 ${w} ${h + 22}`, class: "chart", role: "img",
                               "aria-label": "outcomes round by round"});
    rows.forEach((r, k) => {
      let y = 0;
      for (const [key, colour] of [["win_win", COLOURS.win_win], ["mixed", COLOURS.win_lose],
                                   ["lose_lose", COLOURS.lose_lose]]) {
        const hh = r[key] * h;
        if (hh > 0) {
          const rect = el("svg:rect", {x: 5 + k * bw, y, width: Math.max(1, bw - 1), height: hh, fill: colour});
          rect.append(el("svg:title", {text: `game ${r.game} round ${r.round}: ${key.replace("_", "-")} ${Math.round(100 * r[key])}%`}));
          svg.append(rect);
        }
        y += hh;
      }
      if (k === 0 || rows[k - 1].game !== r.game)
        svg.append(el("svg:text", {x: 5 + k * bw, y: h + 16, class: "tick", text: "game " + r.game}));
    });
    box.append(svg, el("ul", {class: "legend"},
      ...[["win_win", "win-win"], ["win_lose", "win-lose or lose-win"], ["lose_lose", "lose-lose"]].map(([k, w]) =>
        el("li", {}, el("span", {class: "swatch", style: `background:${COLOURS[k]}`}), w))));
  }

  function leaderboard(box, rows, limit = 100) {
    const body = rows.slice(0, limit).map((r, k) => el("tr", {},
      el("td", {class: "num", text: k + 1}),
      el("td", {}, el("span", {text: r.name}), r.bot ? el("span", {class: "tag", text: "house bot"}) : null),
      el("td", {class: "num", text: pts(r.total)}),
      el("td", {class: "num", text: r.rounds}),
      el("td", {class: "num", text: r.rounds ? (r.total / r.rounds).toFixed(2) : "–"})));
    box.replaceChildren(el("table", {class: "board"},
      el("thead", {}, el("tr", {}, el("th", {text: "#"}), el("th", {text: "Who"}),
                                    el("th", {class: "num", text: "Points"}), el("th", {class: "num", text: "Rounds"}),
                                    el("th", {class: "num", text: "Per round"}))),
      el("tbody", {}, ...body)));
  }

  // The replicator dynamics of the strategy round, drawn frame by frame (shares over time).
  function evolution(box, t, {autoplay = true} = {}) {
    box.replaceChildren();
    const names = t.entries.map((e) => e.name + (e.library ? " (classic)" : ""));
    const frames = t.evolution.shares;
    const slider = el("input", {type: "range", min: 0, max: frames.length - 1, value: 0,
                                "aria-label": "time in the evolution"});
    const list = el("div", {class: "bars"});
    const clock = el("p", {class: "note"});
    function draw(k) {
      const row = frames[k];
      const order = row.map((x, i) => [x, i]).sort((a, b) => b[0] - a[0]).slice(0, 12);
      list.replaceChildren(...order.map(([x, i]) => el("div", {class: "barrow"},
        el("span", {class: "barname", text: names[i]}),
        el("span", {class: "barbox"}, el("span", {class: "barfill", style: `width:${(100 * x).toFixed(1)}%`})),
        el("span", {class: "num", text: (100 * x).toFixed(1) + "%"}))));
      clock.textContent = `step ${k} of ${frames.length - 1}: ` +
        "strategies that earn more than the average grow, the others shrink.";
      slider.value = k;
    }
    slider.addEventListener("input", () => { stop(); draw(+slider.value); });
    let handle = null;
    function stop() { if (handle) clearInterval(handle); handle = null; }
    function play() {
      stop();
      let k = 0;
      handle = setInterval(() => { draw(k); k++; if (k >= frames.length) stop(); }, 160);
    }
    const again = el("button", {class: "secondary", type: "button", text: "Play the evolution again", onclick: play});
    box.append(list, clock, slider, el("div", {class: "buttons"}, again));
    draw(autoplay ? 0 : frames.length - 1);
    if (autoplay) play();
  }

  function ranking(box, t) {
    const rows = [...t.entries].sort((a, b) => a.rank - b.rank);
    box.replaceChildren(el("table", {class: "board"},
      el("thead", {}, el("tr", {}, el("th", {text: "#"}), el("th", {text: "Strategy"}),
        el("th", {class: "num", text: "Points per round"}), el("th", {class: "num", text: "Partners outscored"}))),
      el("tbody", {}, ...rows.map((e) => el("tr", {},
        el("td", {class: "num", text: e.rank}),
        el("td", {}, el("span", {text: e.name}), e.library ? el("span", {class: "tag", text: "classic"}) : null),
        el("td", {class: "num", text: e.score.toFixed(3)}),
        el("td", {class: "num", text: e.wins}))))));
  }

  // A countdown that ticks on the page between two fetches of the state.
  function countdown(box) {
    let end = null;
    setInterval(() => {
      if (end === null) return;
      const left = Math.max(0, Math.round((end - Date.now()) / 1000));
      box.textContent = left > 0 ? `${left} s left` : "time is up: the silent get a default move";
    }, 500);
    return (seconds) => {
      end = seconds === undefined || seconds === null ? null : Date.now() + 1000 * seconds;
      if (end === null) box.textContent = "";
    };
  }

  const ordinal = (n) => n + ((n % 100 >= 11 && n % 100 <= 13) ? "th" : ({1: "st", 2: "nd", 3: "rd"}[n % 10] || "th"));

  return {code, base, call, countdown, ordinal, live, debounce, outcomeChip, pts, roundBars,
          leaderboard, evolution, ranking};
})();
