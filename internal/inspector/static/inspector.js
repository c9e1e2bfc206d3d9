// mockserver request inspector: polls the admin API under the page's own
// path (/__mock/). No framework, no build step.
"use strict";
(function () {
  const $ = (sel) => document.querySelector(sel);
  const tbody = $("#requests tbody");
  const rows = new Map(); // id -> entry
  let lastID = 0;
  let selected = 0;
  let polling = false;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k.startsWith("data-")) e.setAttribute(k, v);
      else e[k] = v;
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
    return e;
  }

  async function api(path, opts) {
    const r = await fetch(path, Object.assign({ headers: { Accept: "application/json" } }, opts || {}));
    if (!r.ok && r.status !== 204) throw new Error(path + ": HTTP " + r.status);
    return r.status === 204 ? null : r.json();
  }

  function pretty(text, type) {
    if (!text) return "";
    if ((type || "").includes("json") || /^\s*[\[{]/.test(text)) {
      try { return JSON.stringify(JSON.parse(text), null, 2); } catch (_) { /* not JSON */ }
    }
    return text;
  }

  function blocking(e) { return (e.violations || []).filter((v) => !v.tolerated); }

  function row(e) {
    const vs = e.violations || [];
    const hard = blocking(e);
    const cls = hard.length ? "violation" : vs.length ? "tolerated" : "";
    const t = new Date(e.time);
    const vtext = vs.length ? vs.length + ": " + (vs[0].message || vs[0].code) : "";
    const tr = el("tr", { class: cls, "data-id": e.id, "data-status": e.status, "data-op": e.operation_id || "", "data-violations": vs.length },
      el("td", {}, e.id),
      el("td", {}, t.toLocaleTimeString()),
      el("td", {}, e.method),
      el("td", { class: "path", title: e.path + (e.query ? "?" + e.query : "") }, e.path + (e.query ? "?" + e.query : "")),
      el("td", {}, e.operation_id || "—"),
      el("td", { class: "s" + String(e.status)[0] }, e.status),
      el("td", {}, (e.duration_ns / 1e6).toFixed(1)),
      el("td", { class: "violations", title: vs.map((v) => v.message).join("\n") }, vtext));
    tr.addEventListener("click", () => show(e.id));
    if (e.id === selected) tr.classList.add("selected");
    return tr;
  }

  function filter() {
    const only = $("#only-violations").checked;
    for (const tr of tbody.children) tr.hidden = only && tr.dataset.violations === "0";
  }

  function add(entries) {
    // entries arrive newest first
    const frag = document.createDocumentFragment();
    for (const e of entries) {
      if (rows.has(e.id)) continue;
      rows.set(e.id, e);
      frag.append(row(e));
      if (e.id > lastID) lastID = e.id;
    }
    tbody.prepend(frag);
    $("#count").textContent = rows.size;
    $("#empty").hidden = rows.size > 0;
    filter();
  }

  async function poll() {
    if (polling || !$("#live").checked) return;
    polling = true;
    try {
      const d = await api("requests?after=" + lastID);
      add(d.requests || []);
      $("#status-line").textContent = "";
    } catch (err) {
      $("#status-line").textContent = "(" + err.message + ")";
    } finally {
      polling = false;
    }
  }

  function section(title, ...children) { return el("div", { class: "section" }, el("h3", {}, title), ...children); }

  function headers(h) {
    const keys = Object.keys(h || {}).sort();
    return keys.map((k) => k + ": " + h[k]).join("\n");
  }

  async function show(id) {
    selected = id;
    for (const tr of tbody.children) tr.classList.toggle("selected", Number(tr.dataset.id) === id);
    let e = rows.get(id);
    try { e = await api("requests/" + id); } catch (_) { /* fall back to the list's copy */ }
    const vs = e.violations || [];
    const det = $("#detail");
    det.replaceChildren(
      el("h2", {}, e.method + " " + e.path + (e.query ? "?" + e.query : "")),
      el("p", { class: "muted" }, "operation " + (e.operation_id || "none") + (e.template ? " · " + e.template : "") + " · status " + e.status + " · " + (e.duration_ns / 1e6).toFixed(1) + " ms"),
      section("Contract violations (" + vs.length + ")", vs.length
        ? el("ul", { class: "violations" }, ...vs.map((v) => el("li", { class: v.tolerated ? "tolerated" : "" },
            el("strong", {}, v.in + (v.field ? " " + v.field : "") + " · " + v.code + (v.tolerated ? " (tolerated)" : "")), el("br"),
            v.message || "", v.expected ? el("div", { class: "muted" }, "expected " + v.expected + (v.got ? ", got " + v.got : "")) : "")))
        : el("p", { class: "muted" }, "None: the request and the answer follow the contract.")),
      section("Request", el("pre", { id: "req-headers" }, headers(e.request_headers)), el("pre", { id: "req-body" }, pretty(e.request_body) || "(no body)")),
      section("Response " + e.status + (e.response_type ? " · " + e.response_type : ""), el("pre", { id: "resp-body" }, pretty(e.response_body, e.response_type) || "(no body)")));
  }

  async function loadState() {
    const box = $("#state");
    try {
      const d = await api("state");
      const cols = d.collections || {};
      const keys = Object.keys(cols).sort();
      if (!keys.length) { box.replaceChildren(el("p", { class: "muted" }, "No collection used yet (collections are created on first use).")); return; }
      box.replaceChildren(...keys.map((k) => {
        const recs = cols[k];
        const visible = recs.filter((r) => !r.hidden).length;
        return el("details", { "data-collection": k },
          el("summary", {}, k + " — " + visible + " object" + (visible === 1 ? "" : "s") + (recs.length > visible ? " (+" + (recs.length - visible) + " deleted)" : "")),
          el("pre", {}, JSON.stringify(recs.map((r) => r.hidden ? Object.assign({ _deleted: true }, r.object) : r.object), null, 2)));
      }));
    } catch (err) {
      box.replaceChildren(el("p", { class: "muted" }, "State unavailable: " + err.message));
    }
  }

  function flash(btn, text) {
    const s = el("span", { class: "flash" }, text);
    btn.after(s);
    setTimeout(() => s.remove(), 1500);
  }

  $("#reset").addEventListener("click", async (ev) => {
    await api("reset", { method: "POST" });
    flash(ev.target, "state reset");
    loadState();
  });
  $("#clear").addEventListener("click", async (ev) => {
    await api("requests", { method: "DELETE" });
    rows.clear();
    tbody.replaceChildren();
    $("#count").textContent = "0";
    $("#empty").hidden = false;
    $("#detail").replaceChildren(el("p", { class: "muted" }, "Click a request to see it in full."));
    flash(ev.target, "cleared");
  });
  $("#refresh-state").addEventListener("click", loadState);
  $("#only-violations").addEventListener("change", filter);

  poll();
  loadState();
  setInterval(poll, 1000);
  setInterval(() => { if ($("#live").checked) loadState(); }, 5000);
})();
