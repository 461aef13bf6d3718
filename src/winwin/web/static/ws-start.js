// winwin workshop: start a session, and the sessions this browser has started.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const el = WW.el;
  const list = () => JSON.parse(localStorage.getItem("ww_sessions") || "[]");

  $("start").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    $("create").disabled = true;
    try {
      const r = await WW.api("/api/workshops", {title: $("title").value, game: $("game").value});
      const l = list().filter((x) => x.code !== r.code);
      l.unshift({code: r.code, key: r.organiser_key});
      localStorage.setItem("ww_sessions", JSON.stringify(l.slice(0, 50)));
      localStorage.setItem("ww_organiser_" + r.code, r.organiser_key);
      location.href = `/w/${r.code}/organiser#key=${encodeURIComponent(r.organiser_key)}`;
    } catch (err) { WW.status($("status"), err.message); }
    finally { $("create").disabled = false; }
  });

  $("join").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const c = $("code").value.toUpperCase().replace(/[^A-Z0-9]/g, "");
    if (c) location.href = "/w/" + encodeURIComponent(c);
  });

  async function show() {
    const mine = list();
    if (!mine.length) { $("sessions").replaceChildren(el("li", {class: "note", text: "None yet."})); return; }
    let rows = [];
    try { rows = await WW.api("/api/workshops/mine", {sessions: mine}); } catch (err) { WW.status($("status"), err.message); }
    const keys = Object.fromEntries(mine.map((x) => [x.code, x.key]));
    $("sessions").replaceChildren(...(rows.length ? rows.map((s) => el("li", {},
      el("a", {href: `/w/${s.code}/organiser#key=${encodeURIComponent(keys[s.code])}`, text: `${s.title} (${s.code})`}),
      el("span", {class: "note", text: ` · ${s.people} people · ${s.stages} stages${s.closed ? " · closed" : ""} · `}),
      el("a", {href: `/w/${s.code}/projector`, target: "_blank", rel: "noopener", text: "projector"}))) :
      [el("li", {class: "note", text: "None yet."})]));
  }
  show();
})();
