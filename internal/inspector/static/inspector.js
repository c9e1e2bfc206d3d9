// mockserver request inspector: polls the admin API under the page's own
// path (/__mock/) with plain same-origin requests. No framework, no build
// step.
"use strict";
(function () {
  const $ = (sel) => document.querySelector(sel);
  const params = new URLSearchParams(location.search);
  // The page keeps at most this many requests (?keep=N): it runs for hours
  // beside a test suite, and the server's journal is the full record.
  const KEEP = Math.max(1, Number(params.get("keep")) || 500);
  const list = $("#requests");
  const rows = new Map(); // id -> slim entry (no bodies, no headers), newest first in the DOM
  let lastID = 0;
  let selected = 0;
  let dropped = 0;
  let view = "requests";
  let info = null; // GET info: title and operations, current after a hot reload
  const busy = {};

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === "class") e.className = v;
      else if (k.startsWith("data-") || k.startsWith("aria-") || k === "role" || k === "tabindex" || k === "for") e.setAttribute(k, v);
      else e[k] = v;
    }
    for (const c of children.flat()) {
      if (c == null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  // api fetches path relative to the page (same origin, the page's cookie).
  async function api(path, opts) {
    const r = await fetch(path, Object.assign({ headers: { Accept: "application/json" }, credentials: "same-origin" }, opts || {}));
    if (!r.ok && r.status !== 204) {
      let detail = "";
      try { const p = await r.json(); detail = p.detail || p.title || ""; } catch (_) { /* not JSON */ }
      const err = new Error(detail || path + ": HTTP " + r.status);
      err.status = r.status;
      throw err;
    }
    return r.status === 204 ? null : r.json();
  }

  // once runs fn, one run per key at a time: a call during a run makes
  // one more run after it (what it loads may have changed meanwhile).
  async function once(key, fn) {
    if (busy[key]) { busy[key] = "again"; return; }
    busy[key] = true;
    try {
      do {
        busy[key] = true;
        await fn();
      } while (busy[key] === "again");
    } finally { busy[key] = false; }
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : (many || one + "s")); }
  function pct(r) { return r && r.total ? Math.round(r.percent) + "%" : "–"; }

  function pretty(text, type) {
    if (!text) return "";
    if ((type || "").includes("json") || /^\s*[[{]/.test(text)) {
      try { return JSON.stringify(JSON.parse(text), null, 2); } catch (_) { /* not JSON (or clipped) */ }
    }
    return text;
  }

  // A violation of the mock's own answer ("response", or "upstream" in
  // proxy mode) is the mock's or the API's fault, not the client's.
  function side(v) { return v.in === "response" || v.in === "upstream" ? "response" : "request"; }
  function where(v) { return v.in + (v.field ? " " + v.field.replace(/__/g, ".") : ""); }

  function violationItem(v, tag) {
    const s = side(v);
    return el(tag || "li", { class: "v " + s + (v.tolerated ? " tolerated" : ""), "data-side": s, "data-code": v.code },
      el("span", { class: "side", title: s === "request" ? "the client's request broke the contract" : "the mock's own response broke the contract" },
        s === "request" ? "request" : "response"),
      el("strong", { class: "where" }, where(v)), " ",
      el("code", { class: "code" }, v.code), v.tolerated ? el("span", { class: "tol" }, "tolerated") : null, " ",
      el("span", { class: "msg" }, v.message || ""),
      expectedGot(v));
  }

  // expectedGot says what was expected and got, unless the message does.
  function expectedGot(v) {
    const msg = v.message || "";
    const exp = v.expected && !msg.includes(v.expected) ? v.expected : "";
    const got = v.got && !msg.includes(v.got) ? v.got : "";
    if (!exp && !got) return null;
    return el("span", { class: "eg" }, (exp ? " expected " + exp : "") + (got ? (exp ? ", got " : " got ") + got : ""));
  }

  // ---- requests -------------------------------------------------------

  function slim(e) {
    const vs = e.violations || [];
    return { id: e.id, time: e.time, method: e.method, path: e.path, query: e.query || "", op: e.operation_id || "", mount: e.mount || "",
      status: e.status, fault: e.fault || "", ms: e.duration_ns / 1e6, violations: vs,
      client: vs.filter((v) => side(v) === "request").length, mock: vs.filter((v) => side(v) === "response").length };
  }

  function row(e) {
    const hard = e.violations.filter((v) => !v.tolerated).length;
    const cls = "req" + (hard ? " violation" : e.violations.length ? " tolerated" : "") + (e.mock ? " mock-violation" : "");
    const shown = e.violations.slice(0, 3);
    const li = el("li", { class: cls, role: "option", tabindex: "-1", "aria-selected": String(e.id === selected), "data-id": e.id,
      "data-status": e.status, "data-op": e.op, "data-violations": e.violations.length, "data-client": e.client, "data-mock": e.mock },
      el("div", { class: "line" },
        el("span", { class: "id" }, "#" + e.id),
        el("span", { class: "time" }, new Date(e.time).toLocaleTimeString()),
        el("span", { class: "method m-" + e.method.toLowerCase() }, e.method),
        el("span", { class: "path", title: e.path + (e.query ? "?" + e.query : "") }, e.path + (e.query ? "?" + e.query : "")),
        el("span", { class: "status s" + String(e.status)[0] }, e.status || "—"),
        e.fault ? el("span", { class: "chip undeclared", title: "network fault" }, e.fault) : null,
        el("span", { class: "ms" }, e.ms.toFixed(1) + " ms"),
        el("span", { class: "op" }, e.op || "no operation")),
      shown.length ? el("ul", { class: "vlist" }, shown.map((v) => violationItem(v)),
        e.violations.length > shown.length ? el("li", { class: "more" }, "+" + (e.violations.length - shown.length) + " more") : null) : null);
    li.addEventListener("click", () => show(e.id));
    return li;
  }

  function matches(e) {
    const q = $("#q").value.trim().toLowerCase();
    if (q && !(e.method + " " + e.path + "?" + e.query + " " + e.op).toLowerCase().includes(q)) return false;
    const op = $("#f-op").value;
    if (op && (op === "-" ? e.op !== "" : e.op !== op)) return false;
    const st = $("#f-status").value;
    if (st && String(e.status)[0] !== st) return false;
    switch ($("#f-viol").value) {
      case "any": return e.violations.length > 0;
      case "request": return e.client > 0;
      case "response": return e.mock > 0;
      case "none": return e.violations.length === 0;
    }
    return true;
  }

  function filter() {
    let n = 0;
    for (const li of list.children) {
      const ok = matches(rows.get(Number(li.dataset.id)));
      li.hidden = !ok;
      if (ok) n++;
    }
    const total = rows.size;
    $("#shown").textContent = n === total ? plural(total, "request") : n + " of " + plural(total, "request") + " match";
    $("#empty").hidden = total > 0;
    rovingTarget();
  }

  function add(entries) {
    const frag = document.createDocumentFragment();
    for (const raw of entries) { // newest first
      if (rows.has(raw.id)) continue;
      const e = slim(raw);
      rows.set(e.id, e);
      frag.append(row(e));
      if (e.id > lastID) lastID = e.id;
      if (e.op) addOpOption(e.op);
    }
    if (!frag.childNodes.length) return;
    list.prepend(frag);
    while (rows.size > KEEP) { // the oldest are last
      const li = list.lastElementChild;
      rows.delete(Number(li.dataset.id));
      li.remove();
      dropped++;
    }
    $("#limit-note").textContent = rows.size >= KEEP ? "· the page keeps the newest " + KEEP + (dropped ? " (" + dropped + " dropped)" : "") +
      "; older ones stay in the server's journal while it keeps them" : "";
    $("#count").textContent = rows.size;
    filter();
    if (entries.some((e) => e.violations && e.violations.length)) loadReport(); // the Violations tab's count
  }

  function addOpOption(id) {
    const sel = $("#f-op");
    if ([...sel.options].some((o) => o.value === id)) return;
    const opt = el("option", { value: id }, id);
    const after = [...sel.options].slice(2).find((o) => o.value > id);
    sel.insertBefore(opt, after || null);
  }

  // live: polling is on, and the page is seen (a background tab costs the
  // server nothing; it catches up when shown).
  function live() { return $("#live").checked && !document.hidden; }

  async function poll() {
    if (!live()) return;
    await once("poll", async () => {
      try {
        const d = await api("requests?after=" + lastID + "&limit=" + KEEP);
        add(d.requests || []);
        setConn("");
      } catch (err) {
        setConn(err.message);
      }
    });
  }

  // resync notices a journal cleared by another client, or a new server
  // process counting ids from 1 again: the page starts over from it.
  async function resync() {
    await once("resync", async () => {
      const seen = lastID; // before asking: a poll may add newer ones meanwhile
      let d;
      try { d = await api("requests?limit=1"); } catch (_) { return; }
      const newest = d.requests && d.requests.length ? d.requests[0].id : 0;
      if (newest >= seen) return;
      forget();
      $("#limit-note").textContent = "· the server's log was cleared or the server restarted";
      poll();
    });
  }

  // forget empties the page's list.
  function forget() {
    rows.clear();
    list.replaceChildren();
    lastID = 0;
    dropped = 0;
    $("#limit-note").textContent = "";
    $("#count").textContent = "0";
    filter();
    $("#detail").replaceChildren(el("p", { class: "muted" }, "Select a request to see it in full: its violations, headers and bodies."));
    document.body.classList.remove("has-detail");
  }

  function setConn(msg) { $("#conn").textContent = msg ? "(" + msg + ")" : ""; }

  // ---- the selected request --------------------------------------------

  function headerTable(id, h) {
    const keys = Object.keys(h || {}).sort((a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : 1);
    if (!keys.length) return el("p", { class: "muted", id: id }, "(none recorded)");
    return el("table", { class: "headers", id: id }, el("tbody", {}, keys.map((k) => el("tr", {}, el("th", {}, k), el("td", {}, h[k])))));
  }

  function shellQuote(s) { return "'" + String(s).replace(/'/g, "'\\''") + "'"; }

  // curl rebuilds the request; a redacted credential becomes $TOKEN.
  function curl(e) {
    const skip = new Set(["host", "content-length", "accept-encoding", "connection", "user-agent"]);
    const parts = ["curl " + (e.method !== "GET" ? "-X " + e.method + " " : "") + shellQuote(location.origin + e.path + (e.query ? "?" + e.query : ""))];
    for (const k of Object.keys(e.request_headers || {}).sort()) {
      if (skip.has(k.toLowerCase())) continue;
      const v = e.request_headers[k];
      if (v.includes("[redacted]")) parts.push('-H "' + k + ": " + v.replace("[redacted]", "$TOKEN").replace(/["`\\]/g, "\\$&") + '"');
      else parts.push("-H " + shellQuote(k + ": " + v));
    }
    if (e.request_body) parts.push("--data-raw " + shellQuote(e.request_body));
    return parts.join(" \\\n  ");
  }

  async function copy(text, btn) {
    let ok = false;
    try { await navigator.clipboard.writeText(text); ok = true; } catch (_) {
      // Not a secure context (an address other than localhost): select the text instead.
      const pre = $("#curl");
      if (pre) {
        pre.closest("details").open = true;
        const r = document.createRange();
        r.selectNodeContents(pre);
        const s = getSelection();
        s.removeAllRanges();
        s.addRange(r);
        try { ok = document.execCommand("copy"); } catch (_) { ok = false; }
      }
    }
    flash(btn, ok ? "copied" : "selected: press Ctrl+C");
  }

  function violationSection(title, id, vs, none) {
    return el("section", { class: "vsection" },
      el("h3", {}, title + " ", el("span", { class: "badge" + (vs.length ? " bad" : "") }, vs.length)),
      vs.length ? el("ul", { class: "violations", id: id }, vs.map((v) => violationItem(v))) : el("p", { class: "muted", id: id }, none));
  }

  async function show(id, focus) {
    selected = id;
    for (const li of list.children) {
      const on = Number(li.dataset.id) === id;
      li.setAttribute("aria-selected", String(on));
      if (on) {
        li.tabIndex = 0;
        if (focus) li.focus();
      } else li.tabIndex = -1;
    }
    const det = $("#detail");
    let e;
    try {
      e = await api("requests/" + id);
    } catch (_) {
      const s = rows.get(id);
      if (!s) return;
      e = { id: s.id, method: s.method, path: s.path, query: s.query, operation_id: s.op, status: s.status, duration_ns: s.ms * 1e6, violations: s.violations, gone: true };
    }
    if (selected !== id) return; // another was picked meanwhile
    const vs = e.violations || [];
    det.replaceChildren(...[
      el("div", { class: "detail-head" },
        el("button", { type: "button", id: "back", class: "back" }, "← Requests"),
        el("h2", {}, el("span", { class: "method m-" + e.method.toLowerCase() }, e.method), " ", e.path + (e.query ? "?" + e.query : ""))),
      el("p", { class: "muted meta" }, "#" + e.id + " · operation " + (e.operation_id || "none") + (e.template ? " · " + e.template : "") + (e.mount ? " · document " + e.mount : "") + " · ",
        el("span", { class: "status s" + String(e.status)[0] }, e.status || "no status"), (e.fault ? " · network fault " + e.fault : "") + " · " + (e.duration_ns / 1e6).toFixed(1) + " ms"),
      e.gone ? el("p", { class: "muted" }, "The server's journal no longer holds this request: headers and bodies are gone.") : null,
      e.violations_omitted ? el("p", { class: "error" }, "… and " + plural(e.violations_omitted, "more violation") + " the journal did not keep (the report counts them).") : null,
      violationSection("The client's request broke the contract", "client-violations", vs.filter((v) => side(v) === "request"), "No: the request follows the contract."),
      violationSection("The mock's own response broke the contract", "mock-violations", vs.filter((v) => side(v) === "response"), "No: the answer follows the contract."),
      e.gone ? null : el("section", {},
        el("div", { class: "toolbar" }, el("h3", {}, "Request"), el("button", { type: "button", id: "copy-curl" }, "Copy as curl")),
        el("details", { class: "curl" }, el("summary", {}, "curl command"), el("pre", { id: "curl" }, curl(e))),
        el("h4", {}, "Headers"), headerTable("req-headers", e.request_headers),
        el("h4", {}, "Body"), el("pre", { id: "req-body" }, pretty(e.request_body, (e.request_headers || {})["Content-Type"]) || "(no body)")),
      e.gone ? null : el("section", {},
        el("h3", {}, "Response " + e.status + (e.response_type ? " · " + e.response_type : "")),
        el("h4", {}, "Headers"), headerTable("resp-headers", e.response_headers),
        el("h4", {}, "Body"), el("pre", { id: "resp-body" }, pretty(e.response_body, e.response_type) || "(no body)"))].filter(Boolean));
    document.body.classList.add("has-detail");
    det.scrollTop = 0;
    if (!focus && matchMedia("(max-width: 820px)").matches) det.focus(); // it covers the list: take the reader there
    $("#back").addEventListener("click", closeDetail);
    const cb = $("#copy-curl");
    if (cb) cb.addEventListener("click", () => copy(curl(e), cb));
  }

  // closeDetail matters on a phone, where the detail covers the list.
  function closeDetail() {
    document.body.classList.remove("has-detail");
    const li = list.querySelector('[aria-selected="true"]');
    if (li) li.focus();
  }

  // Keyboard: one request in the list takes the tab stop (the selected
  // one, else the first shown); arrows, Home and End move and select.
  function rovingTarget() {
    const shown = [...list.children].filter((li) => !li.hidden);
    if (!shown.length) return;
    const cur = shown.find((li) => li.getAttribute("aria-selected") === "true") || shown[0];
    for (const li of list.children) li.tabIndex = li === cur ? 0 : -1;
  }

  list.addEventListener("keydown", (ev) => {
    const li = ev.target.closest("li.req");
    if (!li) return;
    const shown = [...list.children].filter((x) => !x.hidden);
    const i = shown.indexOf(li);
    let next = null;
    switch (ev.key) {
      case "ArrowDown": case "j": next = shown[i + 1]; break;
      case "ArrowUp": case "k": next = shown[i - 1]; break;
      case "Home": next = shown[0]; break;
      case "End": next = shown[shown.length - 1]; break;
      case "Enter": case " ": show(Number(li.dataset.id), true); ev.preventDefault(); return;
      default: return;
    }
    ev.preventDefault();
    if (next) show(Number(next.dataset.id), true);
  });

  // ---- views -------------------------------------------------------------

  const views = ["requests", "violations", "coverage", "faults", "state"];

  function setView(name, focusTab) {
    if (!views.includes(name)) name = "requests";
    view = name;
    for (const v of views) {
      const tab = $("#tab-" + v);
      const on = v === name;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      $("#view-" + v).hidden = !on;
      if (on && focusTab) tab.focus();
    }
    if (location.hash !== "#" + name) history.replaceState(null, "", "#" + name);
    refreshView();
  }

  function refreshView() {
    if (view === "violations" || view === "coverage") loadReport();
    else if (view === "faults") loadFaults();
    else if (view === "state") loadState();
  }

  $("#views").addEventListener("click", (ev) => {
    const tab = ev.target.closest("[role=tab]");
    if (tab) setView(tab.dataset.view);
  });
  $("#views").addEventListener("keydown", (ev) => {
    const i = views.indexOf(view);
    let n = -1;
    if (ev.key === "ArrowRight") n = (i + 1) % views.length;
    else if (ev.key === "ArrowLeft") n = (i + views.length - 1) % views.length;
    else if (ev.key === "Home") n = 0;
    else if (ev.key === "End") n = views.length - 1;
    if (n < 0) return;
    ev.preventDefault();
    setView(views[n], true);
  });

  document.addEventListener("keydown", (ev) => {
    const t = ev.target;
    const typing = t.matches && t.matches("input, select, textarea");
    if (ev.key === "Escape") {
      if (document.body.classList.contains("has-detail")) closeDetail();
      else if (typing) t.blur();
      return;
    }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key >= "1" && ev.key <= "5") { setView(views[Number(ev.key) - 1], true); ev.preventDefault(); }
    else if (ev.key === "/") { setView("requests"); $("#q").focus(); ev.preventDefault(); }
  });

  // ---- info: the title follows a hot reload ------------------------------

  async function loadInfo() {
    await once("info", async () => {
      try { info = await api("info"); } catch (_) { return; }
      $("#title").textContent = info.title;
      $("#op-count").textContent = plural(info.operations, "operation");
      document.title = info.title + " · mockserver inspector";
      for (const d of info.documents || []) for (const op of d.operations) addOpOption(op.id);
      fillFaultOps();
      const net = $("#fault-network");
      if (net.options.length === 1) for (const n of info.network_faults || []) net.append(el("option", { value: n }, n.replace(/_/g, " ")));
    });
  }

  // ---- the report: violations by kind, coverage ---------------------------

  async function loadReport() {
    await once("report", async () => {
      let r;
      try { r = await api("report"); } catch (err) {
        const msg = el("p", { class: "muted" }, "Report unavailable: " + err.message);
        $("#violation-groups").replaceChildren(msg);
        $("#coverage-summary").replaceChildren(msg.cloneNode(true));
        return;
      }
      renderViolationGroups(r);
      renderCoverage(r);
    });
  }

  function renderViolationGroups(r) {
    const vs = r.violations || [];
    $("#violation-count").textContent = r.violation_count;
    $("#violation-summary").textContent = plural(r.violation_count, "violation") + " (" + r.tolerated_count + " tolerated), " +
      plural(vs.length, "distinct one") + (r.dropped ? ", " + r.dropped + " more not listed" : "");
    const box = $("#violation-groups");
    if (!vs.length) { box.replaceChildren(el("p", { class: "muted" }, "No violation recorded: every request and answer so far follows the contract.")); return; }
    const groups = new Map();
    for (const v of vs) {
      const k = v.code || "other";
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(v);
    }
    const sorted = [...groups.entries()].sort((a, b) => count(b[1]) - count(a[1]) || (a[0] < b[0] ? -1 : 1));
    box.replaceChildren(...sorted.map(([code, items]) => {
      const req = items.filter((v) => side(v) === "request"), resp = items.filter((v) => side(v) === "response");
      return el("details", { class: "group", open: true, "data-code": code },
        el("summary", {}, el("code", {}, code), " ", el("span", { class: "muted" }, plural(count(items), "time") + " · " + plural(items.length, "distinct violation") +
          (req.length ? " · " + req.length + " in requests" : "") + (resp.length ? " · " + resp.length + " in the mock's responses" : ""))),
        [["request", "The clients' requests", req], ["response", "The mock's own responses", resp]].filter((g) => g[2].length).map(([s, title, list]) =>
          el("div", { class: "side-group", "data-side": s }, el("h4", {}, title),
            el("ul", { class: "violations" }, list.map((v) => {
              const li = violationItem(v);
              li.append(el("span", { class: "where-op" }, " · " + (v.operation || "no operation") + (v.method ? " (" + v.method + " " + (v.path_template || "") + ")" : "") +
                " · " + plural(v.count, "time") + " · first "),
                el("button", { type: "button", class: "link goto", "data-id": v.request.id, title: "Show this request" }, "#" + v.request.id + " " + v.request.method + " " + v.request.path));
              return li;
            })))));
    }));
  }

  function count(items) { return items.reduce((n, v) => n + v.count, 0); }

  $("#violation-groups").addEventListener("click", (ev) => {
    const b = ev.target.closest("button.goto");
    if (!b) return;
    setView("requests");
    show(Number(b.dataset.id), true);
  });

  function ratio(kind, label, r) {
    return el("div", { class: "ratio", "data-kind": kind },
      el("div", { class: "ratio-head" }, el("strong", {}, label), el("span", { class: "pct" }, pct(r))),
      el("div", { class: "bar", role: "progressbar", "aria-label": label, "aria-valuemin": "0", "aria-valuemax": String(r.total), "aria-valuenow": String(r.covered) },
        el("span", { style: "width:" + (r.total ? r.percent : 0) + "%" })),
      el("div", { class: "muted small" }, r.covered + " of " + r.total));
  }

  function chips(counts, never, undeclared) {
    const out = [];
    for (const k of Object.keys(counts || {}).sort()) {
      const bad = (undeclared || []).includes(k);
      out.push(el("span", { class: "chip " + (bad ? "undeclared" : "hit"), title: bad ? "answered, but the contract does not declare it" : "" }, k + " ×" + counts[k]));
    }
    for (const k of never || []) out.push(el("span", { class: "chip never", title: "declared, never exercised" }, k));
    return out.length ? out : [el("span", { class: "muted" }, "–")];
  }

  function renderCoverage(r) {
    const c = r.coverage;
    $("#coverage-pct").textContent = pct(c.operations);
    $("#coverage-summary").replaceChildren(
      ratio("operations", "Operations called", c.operations), ratio("statuses", "Declared statuses answered", c.statuses), ratio("params", "Parameters sent", c.params),
      el("div", { class: "ratio" }, el("strong", {}, "Requests"), el("div", { class: "pct" }, r.requests), el("div", { class: "muted small" }, r.undocumented_requests + " to no operation")));
    const gaps = $("#cov-gaps").checked;
    const ops = (r.operations || []).filter((o) => !gaps || !o.calls || (o.statuses_never || []).length || (o.params_never || []).length);
    $("#coverage-ops tbody").replaceChildren(...ops.map((o) => el("tr", { "data-op": o.id, class: o.calls ? "" : "uncalled" },
      el("td", {}, el("span", { class: "method m-" + o.method.toLowerCase() }, o.method), " ", el("span", { class: "mono" }, o.path), el("div", { class: "muted small" }, o.id)),
      el("td", { class: "num" }, o.calls),
      el("td", {}, chips(o.statuses, o.statuses_never, o.statuses_undeclared)),
      el("td", {}, chips(o.params, o.params_never)),
      el("td", { class: "num" + (o.violation_count ? " bad" : "") }, o.violation_count))));
  }
  $("#cov-gaps").addEventListener("change", loadReport);

  // ---- faults ------------------------------------------------------------

  function fillFaultOps() {
    const sel = $("#fault-op");
    const ops = (info && info.documents || []).flatMap((d) => d.operations);
    const want = ops.map((o) => o.id).join(",");
    if (sel.dataset.ops === want) return;
    const cur = sel.value;
    sel.replaceChildren(...ops.map((o) => el("option", { value: o.id }, o.id + " · " + o.method + " " + o.path)));
    sel.dataset.ops = want;
    if (ops.some((o) => o.id === cur)) sel.value = cur;
    fillFaultStatuses();
  }

  function fillFaultStatuses() {
    const op = (info && info.documents || []).flatMap((d) => d.operations).find((o) => o.id === $("#fault-op").value);
    const sel = $("#fault-status");
    const statuses = op ? op.statuses.filter((s) => /^\d{3}$/.test(s) && s[0] !== "2") : [];
    sel.replaceChildren(el("option", { value: "" }, "none (delay only)"), ...statuses.map((s) => el("option", { value: s }, s)));
    if (statuses.length) sel.value = statuses.includes("503") ? "503" : statuses[statuses.length - 1];
  }
  $("#fault-op").addEventListener("change", fillFaultStatuses);

  async function loadFaults() {
    await once("faults", async () => {
      let d;
      try { d = await api("faults"); } catch (err) { $("#faults-empty").textContent = "Faults unavailable: " + err.message; return; }
      const fs = d.faults || [];
      $("#fault-count").textContent = fs.length;
      $("#faults-empty").hidden = fs.length > 0;
      $("#faults").hidden = !fs.length;
      $("#faults tbody").replaceChildren(...fs.map((f) => el("tr", { "data-op": f.operation },
        el("td", { class: "mono" }, (f.mount ? f.mount + ":" : "") + f.operation),
        el("td", {}, f.status || "–", f.undeclared ? el("span", { class: "chip undeclared", title: "the operation does not declare it" }, "undeclared") : null),
        el("td", {}, f.network ? f.network.replace(/_/g, " ") : "–"), el("td", { class: "num" }, f.times), el("td", {}, f.delay || "–"), el("td", {}, f.retry_after ? f.retry_after + " s" : "–"),
        el("td", {}, el("button", { type: "button", class: "clear-op", "data-op": f.operation }, "Clear")))));
    });
  }

  $("#fault-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const body = { operation: $("#fault-op").value, times: Number($("#fault-times").value) || 1 };
    if ($("#fault-status").value) body.status = Number($("#fault-status").value);
    if ($("#fault-undeclared").value) {
      body.status = Number($("#fault-undeclared").value);
      body.undeclared = true;
    }
    if ($("#fault-network").value) body.network = $("#fault-network").value;
    if ($("#fault-delay").value.trim()) body.delay = $("#fault-delay").value.trim();
    if (Number($("#fault-retry").value) > 0) body.retry_after = Number($("#fault-retry").value);
    $("#fault-error").textContent = "";
    try {
      await api("faults", { method: "POST", headers: { Accept: "application/json", "Content-Type": "application/json" }, body: JSON.stringify(body) });
      flash($("#add-fault"), "scheduled");
    } catch (err) {
      $("#fault-error").textContent = err.message;
    }
    loadFaults();
  });
  $("#faults").addEventListener("click", async (ev) => {
    const b = ev.target.closest("button.clear-op");
    if (!b) return;
    await api("faults?operation=" + encodeURIComponent(b.dataset.op), { method: "DELETE" });
    loadFaults();
  });
  $("#clear-faults").addEventListener("click", async (ev) => {
    await api("faults", { method: "DELETE" });
    flash(ev.target, "cleared");
    loadFaults();
  });

  // ---- state -------------------------------------------------------------

  async function loadState() {
    await once("state", async () => {
      const box = $("#state");
      let d;
      try { d = await api("state"); } catch (err) { box.replaceChildren(el("p", { class: "muted" }, "State unavailable: " + err.message)); return; }
      const cols = d.collections || {};
      const keys = Object.keys(cols).sort();
      if (!keys.length) { box.replaceChildren(el("p", { class: "muted" }, "No collection used yet (collections are created on first use).")); return; }
      const open = new Set([...box.querySelectorAll("details[open]")].map((x) => x.dataset.collection));
      box.replaceChildren(...keys.map((k) => {
        const recs = cols[k];
        const visible = recs.filter((r) => !r.hidden).length;
        return el("details", { "data-collection": k, open: open.has(k) },
          el("summary", {}, el("span", { class: "mono" }, k), " — " + plural(visible, "object") + (recs.length > visible ? " (+" + (recs.length - visible) + " deleted)" : "")),
          el("pre", {}, JSON.stringify(recs.map((r) => r.hidden ? Object.assign({ _deleted: true }, r.object) : r.object), null, 2)));
      }));
    });
  }

  function flash(btn, text) {
    const prev = btn.nextElementSibling;
    if (prev && prev.classList.contains("flash")) prev.remove();
    const s = el("span", { class: "flash", role: "status" }, text);
    btn.after(s);
    setTimeout(() => s.remove(), 1500);
  }

  $("#reset").addEventListener("click", async (ev) => {
    await api("reset", { method: "POST" });
    flash(ev.target, "state reset, faults cleared");
    loadState();
  });
  $("#clear").addEventListener("click", async (ev) => {
    await api("requests", { method: "DELETE" });
    forget();
    flash(ev.target, "cleared");
  });
  $("#refresh-state").addEventListener("click", loadState);
  for (const id of ["#f-op", "#f-status", "#f-viol"]) $(id).addEventListener("change", filter);
  $("#q").addEventListener("input", filter);
  $("#filters").addEventListener("submit", (ev) => ev.preventDefault()); // Enter in the search
  window.addEventListener("hashchange", () => setView(location.hash.slice(1)));
  $("#live").addEventListener("change", () => { if ($("#live").checked) { poll(); refreshView(); } });

  setView(location.hash.slice(1) || "requests");
  poll();
  loadInfo();
  setInterval(poll, 1000);
  loadReport();
  loadFaults();
  // Every few seconds: the title, and the report and faults behind the
  // tabs' counts; the state only while it is shown.
  document.addEventListener("visibilitychange", () => { if (live()) { poll(); loadInfo(); refreshView(); } });
  setInterval(() => {
    if (!live()) return;
    loadInfo();
    resync();
    loadReport();
    loadFaults();
    if (view === "state") loadState();
  }, 3000);
})();
