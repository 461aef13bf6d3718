// The game controls: presets, four payoff sliders (and four more when unbalanced), the family
// named live by the server's classification.
"use strict";
const GameControls = (() => {
  const $ = (id) => document.getElementById(id);
  const KEYS = ["R", "S", "T", "P"];
  let presets = {}, onChange = () => {}, timer = null;

  function values(side) { return KEYS.map((k) => Number($(`p${side}-${k}`).value)); }
  function set(side, v) { KEYS.forEach((k, i) => { $(`p${side}-${k}`).value = v[i]; }); showNumbers(); }
  function showNumbers() {
    for (const s of [1, 2]) for (const k of KEYS) $(`p${s}-${k}-out`).textContent = $(`p${s}-${k}`).value;
  }
  const fmt = (v) => v.map((x) => +x).join(",");
  function spec() {
    const preset = $("preset").value;
    if (preset !== "custom" && !$("asym").checked) return preset;
    return $("asym").checked ? `${fmt(values(1))}/${fmt(values(2))}` : fmt(values(1));
  }
  async function classify() {
    const out = $("family");
    try {
      const g = await WW.api("/api/games/" + encodeURIComponent(spec()));
      const fam = g.symmetric ? g.family_words : `${g.family_words} for you, ${g.family_2_words} for the other side`;
      out.querySelector(".family").textContent = fam;
      out.querySelector(".note").textContent = g.is_pd ? "" : (g.problems[0] || "");
    } catch (e) {
      out.querySelector(".family").textContent = "";
      out.querySelector(".note").textContent = e.message;
    }
  }
  function changed(fromSlider) {
    if (fromSlider) $("preset").value = "custom";
    showNumbers();
    $("payoffs-2").classList.toggle("hidden", !$("asym").checked);
    clearTimeout(timer); timer = setTimeout(classify, 120);
    onChange();
  }
  async function init(initial, callback) {
    onChange = callback;
    const list = await WW.api("/api/games");
    for (const g of list) presets[g.preset] = g.payoffs_1;
    presets["donation(b=3,c=1)"] = presets["donation"];
    apply(initial);
    for (const s of [1, 2]) for (const k of KEYS) $(`p${s}-${k}`).addEventListener("input", () => changed(true));
    $("preset").addEventListener("change", () => { const p = $("preset").value;
      if (presets[p]) { set(1, presets[p]); set(2, presets[p]); } changed(false); });
    $("asym").addEventListener("change", () => changed(false));
    classify();
  }
  function apply(text) {
    text = text || "pd";
    const opt = [...$("preset").options].find((o) => o.value === text);
    if (opt && presets[text]) { $("preset").value = text; set(1, presets[text]); set(2, presets[text]); }
    else {
      const parts = text.split("/").map((p) => p.split(",").map(Number));
      $("preset").value = "custom";
      set(1, parts[0]); set(2, parts[1] || parts[0]);
      $("asym").checked = parts.length > 1;
    }
    $("payoffs-2").classList.toggle("hidden", !$("asym").checked);
  }
  return {init, spec, values};
})();
