// Short run, long run: when does exploiting stop paying for the stronger side?
"use strict";
(() => {
  const {el, api, status, readLink, writeLink, copyButton, freshSeed, num, vocab} = WW;
  const $ = (id) => document.getElementById(id);
  const link = readLink();
  let timer = null, seq = 0;
  const probRadio = document.querySelector("input[name=length][value=prob]");
  for (const k of ["exploiter", "reciprocator", "power", "turns"]) if (link.get(k)) $(k).value = link.get(k);
  if (link.get("prob")) { probRadio.checked = true; $("prob").value = 100 * Number(link.get("prob")); }
  if (link.get("noise")) $("noise").value = 100 * Number(link.get("noise"));
  $("seed").value = link.get("seed") ?? freshSeed();

  function settings() {
    const prob = probRadio.checked;
    return {exploiter: $("exploiter").value, reciprocator: $("reciprocator").value,
            power: Number($("power").value), turns: prob ? null : Number($("turns").value),
            prob_end: prob ? Number($("prob").value) / 100 : null, noise: Number($("noise").value) / 100,
            seed: Number($("seed").value)};
  }
  function show() {
    const s = settings();
    $("power-out").textContent = s.power;
    $("turns-out").textContent = $("turns").value;
    $("prob-out").textContent = $("prob").value + "%";
    $("noise-out").textContent = $("noise").value + "%";
    $("turns-row").classList.toggle("hidden", s.prob_end !== null);
    $("prob-row").classList.toggle("hidden", s.prob_end === null);
    $("power-note").textContent = s.power === 0 ? "A balanced relationship: the usual Prisoner's Dilemma."
      : `The stronger side gains ${num(2 * s.power, 1)} more from exploiting; the weaker loses ${num(s.power, 1)} more.`;
    writeLink({exploiter: s.exploiter, reciprocator: s.reciprocator, power: s.power, turns: s.turns,
               prob: s.prob_end, noise: s.noise, seed: s.seed});
    clearTimeout(timer); timer = setTimeout(update, 120);
  }
  async function update() {
    const mine = ++seq;
    let d;
    try { d = await api("/api/horizon", settings()); } catch (e) { status($("status"), e.message); return; }
    if (mine !== seq) return;
    status($("status"), "");
    $("verdict").textContent = d.verdict;
    const marks = [];
    if (d.stops_paying) marks.push({x: d.stops_paying, label: `turn ${d.stops_paying}: exploiting stops paying`});
    if (d.mean_length <= d.turns[d.turns.length - 1]) marks.push({x: d.mean_length, label: settings().prob_end ? `expected end (turn ${num(d.mean_length, 0)})` : "the end", row: 1});
    WW.lineChart($("chart"), d.turns, [
      {name: `stronger side exploits (${d.exploiter_name})`, values: d.exploit, colour: vocab.colours.win_lose},
      {name: `stronger side reciprocates (${d.reciprocator_name})`, values: d.cooperate, colour: vocab.colours.win_win, dash: "7 4"}],
      {xLabel: "turn", yLabel: "expected running total of the stronger side", marks, height: 300});
    const g = d.game;
    $("game-note").textContent = `Payoffs, stronger side: R ${g.payoffs_1[0]}, S ${g.payoffs_1[1]}, T ${g.payoffs_1[2]}, P ${g.payoffs_1[3]}; weaker side: R ${g.payoffs_2[0]}, S ${g.payoffs_2[1]}, T ${g.payoffs_2[2]}, P ${g.payoffs_2[3]}. Expected totals are exact (Markov chain); against ${d.reciprocator_name} on the other side in both lines.`;
    const xs = d.sample.exploit.map((_, k) => k + 1);
    WW.lineChart($("sample"), xs, [
      {name: "exploiting (this match)", values: d.sample.exploit, colour: vocab.colours.win_lose},
      {name: "reciprocating (this match)", values: d.sample.cooperate, colour: vocab.colours.win_win, dash: "7 4"}],
      {xLabel: `turn (seed ${d.seed})`, yLabel: "running total", height: 200});
    $("moves").replaceChildren(...d.sample.actions_exploit.slice(0, 200).map((a, k) => {
      const o = WW.outcomeOf(a);
      return el("span", {style: `background:${vocab.colours[o]}`, title: `turn ${k + 1}: ${vocab.words[o]} for the stronger side`}, a);
    }));
  }
  $("moves-legend").replaceChildren(WW.legend());
  for (const id of ["exploiter", "reciprocator", "power", "turns", "prob", "noise", "seed"]) {
    $(id).addEventListener("input", show); $(id).addEventListener("change", show);
  }
  document.querySelectorAll("input[name=length]").forEach((r) => r.addEventListener("change", show));
  copyButton($("copy"), $("copied"));
  show();
})();
