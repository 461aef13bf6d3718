// winwin workshop: the join page, a code typed or given as ?code=.
"use strict";

(() => {
  const clean = (c) => (c || "").toUpperCase().replace(/[^A-Z0-9]/g, "");
  const given = clean(new URLSearchParams(location.search).get("code"));
  if (given) location.replace("/w/" + encodeURIComponent(given));
  document.getElementById("join").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const c = clean(document.getElementById("code").value);
    if (c) location.href = "/w/" + encodeURIComponent(c);
  });
})();
