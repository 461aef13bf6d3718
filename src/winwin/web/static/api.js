// The API reference, drawn from FastAPI's OpenAPI schema (offline: no documentation bundle).
"use strict";
(async () => {
  const {el, api} = WW;
  const schema = await api("/openapi.json");
  const refs = schema.components ? schema.components.schemas : {};
  const resolve = (s) => (s && s.$ref) ? refs[s.$ref.split("/").pop()] : s;
  const kind = (p) => {
    p = resolve(p) || {};
    if (p.anyOf) return p.anyOf.map(kind).join(" or ");
    if (p.type === "array") return `list of ${kind(p.items)}`;
    if (p.type === "object" && p.additionalProperties) return `{name: ${kind(p.additionalProperties)}}`;
    return p.type || "value";
  };
  const limits = (p) => {
    p = resolve(p) || {};
    const parts = (p.anyOf || [p]).flatMap((q) => {
      const out = [];
      for (const [k, w] of [["minimum", "≥"], ["exclusiveMinimum", ">"], ["maximum", "≤"],
                            ["exclusiveMaximum", "<"], ["minLength", "length ≥"], ["maxLength", "length ≤"],
                            ["minItems", "items ≥"], ["maxItems", "items ≤"], ["minProperties", "entries ≥"],
                            ["maxProperties", "entries ≤"], ["pattern", "matches"]])
        if (q[k] !== undefined) out.push(`${w} ${q[k]}`);
      return out;
    });
    return parts.join(", ");
  };
  const box = document.getElementById("endpoints");
  box.replaceChildren();
  for (const [path, methods] of Object.entries(schema.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const card = el("section", {class: "card", style: "margin-bottom:1rem"},
        el("h2", {}, el("code", {}, `${method.toUpperCase()} ${path}`)), el("p", {}, op.summary || ""));
      const body = op.requestBody && resolve(op.requestBody.content["application/json"].schema);
      if (body && body.properties) {
        card.append(el("div", {class: "scroll"}, el("table", {},
          el("thead", {}, el("tr", {}, el("th", {}, "field"), el("th", {}, "type"), el("th", {}, "default"), el("th", {}, "allowed"))),
          el("tbody", {}, ...Object.entries(body.properties).map(([name, p]) => el("tr", {},
            el("td", {}, el("code", {}, name)), el("td", {}, kind(p)),
            el("td", {}, p.default === undefined ? "" : JSON.stringify(p.default)),
            el("td", {}, [limits(p), p.description].filter(Boolean).join("; "))))))));
      }
      for (const prm of op.parameters || []) card.append(el("p", {class: "note"}, `${prm.in} parameter `, el("code", {}, prm.name), ` (${limits(prm.schema)})`));
      box.append(card);
    }
  }
})();
