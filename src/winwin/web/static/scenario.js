// Your situation as a game: a short wizard, its answers in the share link, the brief below.
// Every displayed text is set with textContent (the answers are the user's own words).
"use strict";
(() => {
  const {el, status, readLink, writeLink, copyButton, pct} = WW;
  const $ = (id) => document.getElementById(id);
  const CODES = ["CC", "CD", "DC", "DD"];
  const WORD = {CC: "win-win", CD: "lose-win", DC: "win-lose", DD: "lose-lose"};
  const SIDES = ["me", "other"];
  let examples = [], last = null;

  const radio = (name) => document.querySelector(`input[name="${name}"]:checked`).value;
  const setRadio = (name, value) => {
    const r = document.querySelector(`input[name="${name}"][value="${value}"]`);
    if (r) r.checked = true;
  };
  const short = (s, n = 38) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

  // -- the outcomes in the user's words -------------------------------------------------------
  function sideWords(side) {
    const coop = radio(`${side}-coop`) === "2" ? 2 : 1;
    const o = [$(`${side}-o1`).value.trim(), $(`${side}-o2`).value.trim()];
    return {name: $(`${side}-name`).value.trim() || (side === "me" ? "me" : "the other side"),
            C: o[coop - 1] || "option " + coop, D: o[2 - coop] || "option " + (3 - coop)};
  }
  function outcomeLabel(side, code, n = 38) {
    const own = sideWords(side), opp = sideWords(side === "me" ? "other" : "me");
    const ownName = side === "me" ? "you" : own.name, oppName = side === "me" ? opp.name : "you";
    return `${WORD[code]}: ${ownName} ${short(own[code[0]], n)}, ${oppName} ${short(opp[code[1]], n)}`;
  }
  // the closed select cuts a long outcome short: the whole of it under each select
  function chosen(side) {
    for (let k = 1; k <= 4; k++) {
      const sel = $(`${side}-r${k}`);
      $(`${side}-r${k}-full`).textContent = CODES.includes(sel.value) ? outcomeLabel(side, sel.value, 200) : "";
    }
  }
  function relabel() {
    const other = sideWords("other").name;
    document.querySelectorAll("[data-whom=other]").forEach((n) => { n.textContent = other; });
    const Other = other[0].toUpperCase() + other.slice(1);
    document.querySelectorAll("[data-who=other]").forEach((n) => { n.textContent = Other + "'s"; });
    $("past-other-label").textContent = `${Other}'s moves`;
    for (const side of SIDES) {
      for (let k = 1; k <= 4; k++) {
        const sel = $(`${side}-r${k}`), keep = sel.value;
        sel.replaceChildren(...CODES.map((c) => el("option", {value: c, text: outcomeLabel(side, c)})));
        sel.value = keep || CODES[k - 1];
      }
      chosen(side);
      for (const c of CODES) $(`${side}-p${c}-label`).textContent = outcomeLabel(side, c);
      const numbers = radio(`${side}-mode`) === "payoffs";
      $(`${side}-ranking`).classList.toggle("hidden", numbers);
      $(`${side}-payoffs`).classList.toggle("hidden", !numbers);
    }
    const known = radio("end") === "known";
    $("rounds-label").textContent = known ? "How many more interactions?"
                                          : "How many more interactions do you expect?";
    const n = Number($("rounds").value);
    $("rounds-note").textContent = !known && n >= 1
      ? `That is a ${pct(1 - 1 / n)} chance of another round each time.` : "";
  }

  // -- answers: the form, the link, an example ------------------------------------------------
  function answers() {
    const a = {};
    const title = $("title").value.trim();
    if (title) a.title = title;
    for (const side of SIDES) {
      const s = {name: $(`${side}-name`).value, options: [$(`${side}-o1`).value, $(`${side}-o2`).value],
                 cooperative: Number(radio(`${side}-coop`))};
      if (radio(`${side}-mode`) === "payoffs") {
        s.payoffs = {};
        for (const c of CODES) {
          const v = $(`${side}-p${c}`).value;
          if (v !== "" && Number.isFinite(Number(v))) s.payoffs[c] = Number(v);
        }
      } else s.ranking = [1, 2, 3, 4].map((k) => $(`${side}-r${k}`).value);
      a[side] = s;
    }
    a.known_end = radio("end") === "known";
    a.rounds = $("rounds").value === "" ? "" : Number($("rounds").value);
    a.mistakes = $("mistakes").value === "" ? "" : Number($("mistakes").value) / 100;
    const po = $("past-other").value.trim(), pm = $("past-me").value.trim();
    if (po || pm) a.past = {other: po, ...(pm ? {me: pm} : {})};
    return a;
  }
  function toLink(a) {
    const q = {ex: $("example").value, title: a.title};
    for (const [side, p] of [["me", "m"], ["other", "o"]]) {
      const s = a[side];
      Object.assign(q, {[`${p}n`]: s.name, [`${p}1`]: s.options[0], [`${p}2`]: s.options[1],
                        [`${p}c`]: s.cooperative});
      if (s.payoffs) q[`${p}p`] = CODES.map((c) => s.payoffs[c] ?? "").join(",");
      else q[`${p}r`] = s.ranking.join(",");
    }
    Object.assign(q, {rounds: a.rounds, known: a.known_end ? 1 : 0, mistakes: a.mistakes,
                      po: a.past ? a.past.other : null, pm: a.past ? a.past.me : null});
    return q;
  }
  function fill(a) {  // answers in the layout the API takes (an example's, or the link's)
    $("title").value = a.title || "";
    for (const side of SIDES) {
      const s = a[side] || {};
      $(`${side}-name`).value = s.name || "";
      const o = s.options || ["", ""];
      $(`${side}-o1`).value = o[0] || ""; $(`${side}-o2`).value = o[1] || "";
      const c = s.cooperative;
      setRadio(`${side}-coop`, c === 2 || c === "2" || (o[1] && c === o[1]) ? 2 : 1);
      setRadio(`${side}-mode`, s.payoffs ? "payoffs" : "ranking");
      for (const code of CODES) $(`${side}-p${code}`).value = s.payoffs ? (s.payoffs[code] ?? "") : "";
      const r = s.ranking || ["DC", "CC", "DD", "CD"];
      for (let k = 1; k <= 4; k++) $(`${side}-r${k}`).value = r[k - 1] || "";
    }
    setRadio("end", a.known_end ? "known" : "unknown");
    $("rounds").value = a.rounds ?? "";
    $("mistakes").value = a.mistakes === undefined || a.mistakes === "" ? ""
      : +(100 * Number(a.mistakes)).toFixed(6);
    $("past-other").value = a.past ? a.past.other || "" : "";
    $("past-me").value = a.past ? a.past.me || "" : "";
    relabel();
    for (const side of SIDES) {  // the selects exist now: set the ranking again
      const r = (a[side] || {}).ranking || ["DC", "CC", "DD", "CD"];
      for (let k = 1; k <= 4; k++) $(`${side}-r${k}`).value = r[k - 1] || "";
      chosen(side);
    }
  }
  function fromLink(q) {
    const side = (p) => {
      const s = {name: q.get(`${p}n`) || "", options: [q.get(`${p}1`) || "", q.get(`${p}2`) || ""],
                 cooperative: q.get(`${p}c`) === "2" ? 2 : 1};
      if (q.get(`${p}p`)) {
        const v = q.get(`${p}p`).split(",");
        s.payoffs = Object.fromEntries(CODES.map((c, k) => [c, v[k] ?? ""]));
      } else s.ranking = (q.get(`${p}r`) || "").split(",");
      return s;
    };
    const a = {title: q.get("title") || "", me: side("m"), other: side("o"),
               rounds: q.get("rounds") ?? "", known_end: q.get("known") === "1",
               mistakes: q.get("mistakes") ?? ""};
    if (q.get("po") || q.get("pm")) a.past = {other: q.get("po") || "", me: q.get("pm") || ""};
    return a;
  }
  function changed() {
    relabel();
    writeLink(toLink(answers()));
  }

  // -- the brief ------------------------------------------------------------------------------
  function clearErrors() {
    document.querySelectorAll(".field-error").forEach((n) => { n.textContent = ""; });
    document.querySelectorAll("[aria-invalid]").forEach((n) => n.removeAttribute("aria-invalid"));
  }
  function showError(field, message) {
    // the question's own box, or the nearest one above it (me.payoffs.CC -> me.payoffs)
    const parts = field.split(".");
    while (parts.length) {
      const box = document.querySelector(`.field-error[data-field="${parts.join(".")}"]`);
      if (box) {
        box.textContent = message;
        const fs = box.closest("fieldset");
        (fs || box).setAttribute("aria-invalid", "true");
        box.scrollIntoView({block: "center"});
        return true;
      }
      parts.pop();
    }
    return false;
  }
  async function post(body, format = "json") {
    const res = await fetch("/api/scenario" + (format === "json" ? "" : "?format=" + format), {
      method: "POST", body: JSON.stringify(body), headers: {"Content-Type": "application/json"}});
    if (res.ok) return format === "json" ? res.json() : res.blob();
    let data = {};
    try { data = await res.json(); } catch (e) { data = {error: res.statusText}; }
    const loc = ((data.detail || [])[0] || {}).loc || [];
    const err = new Error(data.error || res.statusText);
    err.field = loc.filter((x) => x !== "body").join(".");
    throw err;
  }
  async function make(scroll = false) {
    clearErrors();
    status($("status"), "Working it out…", "info");
    let d;
    try { d = await post(answers()); } catch (e) {
      const where = e.field && showError(e.field, e.message);
      status($("status"), where ? "One answer needs another look: see the message next to it."
                                : e.message);
      return;
    }
    status($("status"), "");
    last = d;
    render(d);
    if (scroll) $("brief-title").scrollIntoView({block: "start"});
  }
  function render(d) {
    const an = d.analysis, a = an.answers, names = [a.me.name, a.other.name];
    const fam = an.families.map((f) => f.name);
    const facts = [["the game", fam[0] === fam[1] ? fam[0] : `${fam[0]} for ${names[0]}, ${fam[1]} for ${names[1]}`]];
    const cross = an.crossovers.map((c) => c.crossover);
    const crossWord = (n) => n === null ? "never: it always pays" : n === 1 ? "from the first round"
      : `from ${n} rounds on`;
    facts.push(["exploiting stops paying", cross[0] === cross[1] ? crossWord(cross[0])
      : `${names[0]}: ${crossWord(cross[0])}; ${names[1]}: ${crossWord(cross[1])}`]);
    facts.push(["chance of another round", pct(an.continuation)]);
    if (an.forgiveness[0] !== null) facts.push(["forgive about", `${pct(an.forgiveness[0])} of double-crosses`]);
    if (an.tournament && an.tournament.ranking) facts.push(["the tournament's winner", d.sections.find(
      (s) => s.title.startsWith("A tournament"))?.table?.[1]?.[1] ?? an.tournament.ranking[0]]);
    $("summary").replaceChildren(
      el("h2", {class: "brief-title", id: "brief-title", text: `Your situation as a game: ${d.title}`}),
      el("dl", {class: "facts"}, ...facts.flatMap(([k, v]) => [el("dt", {text: k}), el("dd", {text: v})])));
    const parts = [];
    for (const s of d.sections) {
      const sec = el("section", {"data-section": s.title}, el("h3", {text: s.title}),
        ...s.paragraphs.map((p) => el("p", {text: p})));
      if (s.table && s.table.length) {
        const rows = s.table.slice(1);
        const num = s.table[0].map((_, k) => k > 0 && rows.every((r) => /^-?[\d.,]+%?$/.test(r[k])));
        sec.append(el("div", {class: "scroll"}, el("table", {},
          el("thead", {}, el("tr", {}, ...s.table[0].map((c, k) =>
            el("th", {scope: "col", class: num[k] ? "num" : null, text: c})))),
          el("tbody", {}, ...rows.map((r) => el("tr", {},
            ...r.map((c, k) => el("td", {class: num[k] ? "num" : null, text: c}))))))));
      }
      parts.push(sec);
    }
    $("brief").replaceChildren(...parts);
    $("downloads").classList.remove("hidden");
  }
  async function download(format) {
    const body = last ? last.analysis.answers : answers();
    try {
      const blob = await post(body, format);
      const url = URL.createObjectURL(blob);
      const a = el("a", {href: url, download: `brief.${format === "html" ? "html" : "md"}`});
      document.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) { status($("status"), e.message); }
  }

  // -- wiring ---------------------------------------------------------------------------------
  $("answers").addEventListener("submit", (e) => { e.preventDefault(); make(true); });
  $("answers").addEventListener("input", (e) => { if (e.target.id !== "example") changed(); });
  $("answers").addEventListener("change", (e) => { if (e.target.id !== "example") changed(); });
  $("example").addEventListener("change", () => {
    const ex = examples.find((x) => x.name === $("example").value);
    if (!ex) return;
    clearErrors();
    fill(ex.answers);
    writeLink(toLink(answers()));
  });
  $("get-html").addEventListener("click", () => download("html"));
  $("get-md").addEventListener("click", () => download("markdown"));
  copyButton($("copy"), $("copied"));

  (async () => {
    const link = readLink();
    try { examples = await WW.api("/api/scenario/examples"); } catch (e) {
      status($("status"), e.message); examples = [];
    }
    $("example").replaceChildren(el("option", {value: "", text: "(your own answers)"}),
      ...examples.map((x) => el("option", {value: x.name, text: x.title})));
    const fromUrl = link.has("mn") || link.has("m1");
    const start = examples.find((x) => x.name === (link.get("ex") || "supplier")) || examples[0];
    if (fromUrl) fill(fromLink(link));
    else if (start) fill(start.answers);
    $("example").value = link.get("ex") ?? (fromUrl ? "" : start ? start.name : "");
    writeLink(toLink(answers()));
    make();
  })();
})();
