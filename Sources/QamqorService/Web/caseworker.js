// The caseworker page: a household form generated from the rules' schema, every programme's
// decision and explanation, decided again whenever a field changes.
let schema = null;
let household = { application: {}, members: [{}], facts: {} };
let timer = null;

function fieldInput(field, value, path) {
  const type = field.type;
  const id = "f-" + path.join("-");
  const attrs = `id="${esc(id)}" data-path="${esc(path.join("."))}"`;
  if (type.enum) {
    const e = schema.enums[type.enum];
    return `<select ${attrs}><option value="">${t("none")}</option>` + e.values.map((v) =>
      `<option value="${esc(v.value)}" ${v.value === value ? "selected" : ""}>${esc(L(v.label))}</option>`).join("") + `</select>`;
  }
  if (type === "boolean") {
    return `<select ${attrs}><option value="">${t("none")}</option><option value="true" ${value === true ? "selected" : ""}>${t("yes")}</option><option value="false" ${value === false ? "selected" : ""}>${t("no")}</option></select>`;
  }
  // Dates and numbers are plain text fields checked here, in the page's language: a browser's own
  // date and number inputs follow its locale and silently drop what they cannot read.
  if (type === "date") {
    const ph = field.month ? t("monthFormat") : t("dateFormat");
    return `<input type="text" inputmode="numeric" autocomplete="off" placeholder="${esc(ph)}" data-kind="${field.month ? "month" : "date"}" ${attrs} value="${esc(value || "")}">`;
  }
  if (type === "integer" || type === "decimal" || type === "money") {
    return `<input type="text" inputmode="decimal" autocomplete="off" data-kind="${type === "integer" ? "integer" : "number"}" ${attrs} value="${esc(value ?? "")}">`;
  }
  return `<input type="text" ${attrs} value="${esc(value ?? "")}">`;
}

// A member's age in whole years on the application date (today when there is none), exact on
// birthdays; null when the birth date is not a whole date yet.
function ageOf(member) {
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(member && member.birth_date || "");
  if (!b) return null;
  const on = /^(\d{4})-(\d{2})-(\d{2})$/.exec((household.application || {}).date || "") || /^(\d{4})-(\d{2})-(\d{2})/.exec(new Date().toISOString());
  let age = +on[1] - +b[1];
  if (+on[2] < +b[2] || (+on[2] === +b[2] && +on[3] < +b[3])) age -= 1;
  return age;
}
// The form paths of fields not asked (a younger member, nothing given, no decision waiting for it).
let notAsked = new Set();
function waitedFor() {
  const paths = new Set();
  for (const d of (lastResult && lastResult.decisions) || []) for (const m of d.missing || []) paths.add(formPath(m.path));
  return paths;
}
function askedOf(f, value, age, path, waiting) {
  if (f.asked_from_age == null || age == null || age >= f.asked_from_age) return true;
  const given = value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);
  return given || waiting.has(path.join("."));
}

function recordHTML(typeName, value, path) {
  const rec = schema.records[typeName];
  let html = "";
  const age = rec.fields.some((f) => f.name === "birth_date") ? ageOf(value) : null;
  const waiting = waitedFor();
  let skipped = 0;
  for (const f of rec.fields) {
    const v = value ? value[f.name] : undefined;
    const p = path.concat([f.name]);
    // Questions a rule cannot need at this member's age are not asked.
    if (!askedOf(f, v, age, p, waiting)) { notAsked.add(p.join(".")); skipped += 1; continue; }
    if (f.type.record) {
      html += `<fieldset><legend>${esc(L(f.label))}</legend>${recordHTML(f.type.record, v || {}, p)}</fieldset>`;
    } else if (f.type.list && f.type.list.record) {
      const items = Array.isArray(v) ? v : [];
      html += `<fieldset><legend>${esc(L(f.label))}</legend>`;
      items.forEach((item, i) => {
        html += `<fieldset><legend>${esc(L(schema.records[f.type.list.record].label))} ${Number(i) + 1}${item && item.name ? " — " + esc(item.name) : ""}
          <button type="button" class="small" data-remove="${esc(p.concat([i]).join("."))}">${t("remove")}</button></legend>
          ${recordHTML(f.type.list.record, item, p.concat([i]))}</fieldset>`;
      });
      html += `<button type="button" class="small" data-add="${esc(p.join("."))}" data-type="${esc(f.type.list.record)}">${f.name === "members" ? t("addMember") : t("add")}</button>`;
      // "None" is a fact (an empty list), unlike a list not filled in yet (a missing fact).
      if (!f.has_default && f.name !== "members") {
        html += ` <label class="none-choice"><input type="checkbox" data-none="${esc(p.join("."))}" ${Array.isArray(v) && items.length === 0 ? "checked" : ""} ${items.length ? "disabled" : ""}>${esc(f.name === "incomes" ? t("noIncome") : t("noneOfThese"))}</label>`;
      }
      html += `</fieldset>`;
    } else if (f.type.list && f.type.list.enum) {
      const e = schema.enums[f.type.list.enum];
      const chosen = Array.isArray(v) ? v : [];
      html += `<div class="field"><label>${esc(L(f.label))}</label><div class="checks" data-path="${esc(p.join("."))}" data-list="1">` +
        e.values.map((x) => `<label><input type="checkbox" value="${esc(x.value)}" ${chosen.includes(x.value) ? "checked" : ""}>${esc(L(x.label))}</label>`).join("") + `</div></div>`;
    } else {
      html += `<div class="field"><label for="${esc("f-" + p.join("-"))}">${esc(L(f.label))}</label>${fieldInput(f, v, p)}</div>`;
    }
  }
  if (skipped) html += `<p class="meta not-asked">${esc(t("notAskedForAge").replace("{n}", skipped))}</p>`;
  return html;
}

function getAt(obj, parts) { return parts.reduce((o, k) => (o == null ? undefined : o[k]), obj); }
function setAt(obj, parts, value) {
  let o = obj;
  parts.slice(0, -1).forEach((k, i) => {
    if (o[k] == null) o[k] = typeof parts[i + 1] === "number" ? [] : {};
    o = o[k];
  });
  const last = parts[parts.length - 1];
  if (value === undefined) { if (Array.isArray(o)) o[last] = undefined; else delete o[last]; } else o[last] = value;
}
const parsePath = (s) => s.split(".").map((k) => (/^\d+$/.test(k) ? Number(k) : k));

function fieldType(parts) {
  let rec = schema.records[schema.root], type = null;
  for (const k of parts) {
    if (typeof k === "number") continue;
    const f = rec.fields.find((x) => x.name === k);
    if (!f) return null;
    type = f;
    if (f.type.record) rec = schema.records[f.type.record];
    else if (f.type.list && f.type.list.record) rec = schema.records[f.type.list.record];
  }
  return type;
}

function renderForm() {
  const form = document.getElementById("form");
  // Focus stays on the field being typed in when the form is drawn again.
  const had = document.activeElement && document.activeElement.closest("#form") ? document.activeElement.dataset.path : null;
  notAsked = new Set();
  form.innerHTML = recordHTML(schema.root, household, []);
  if (had) { const again = form.querySelector(`[data-path="${CSS.escape(had)}"]`); if (again) again.focus(); }
  form.querySelectorAll("[data-path]").forEach((el) => {
    el.addEventListener(el.dataset.list ? "change" : "input", () => onEdit(el));
    if (!el.dataset.list) el.addEventListener("change", () => onEdit(el));
  });
  form.querySelectorAll("[data-add]").forEach((b) => b.addEventListener("click", () => {
    const parts = parsePath(b.dataset.add);
    const list = getAt(household, parts) || [];
    list.push(b.dataset.type === "member" ? { id: "m" + (list.length + 1) } : {});
    setAt(household, parts, list); renderForm(); scheduleDecide();
    // Focus stays where the user acted: the new item's first field.
    const first = document.querySelector(`#form [data-path^="${CSS.escape(parts.concat([list.length - 1]).join(".") + ".")}"]`);
    if (first) first.focus();
  }));
  form.querySelectorAll("[data-remove]").forEach((b) => b.addEventListener("click", () => {
    const parts = parsePath(b.dataset.remove);
    const list = getAt(household, parts.slice(0, -1));
    list.splice(parts[parts.length - 1], 1); renderForm(); scheduleDecide();
    // Focus stays where the user acted: the list's add button.
    const add = document.querySelector(`#form [data-add="${CSS.escape(parts.slice(0, -1).join("."))}"]`);
    if (add) add.focus();
  }));
  form.querySelectorAll("[data-none]").forEach((c) => c.addEventListener("change", () => {
    setAt(household, parsePath(c.dataset.none), c.checked ? [] : undefined);
    renderForm(); scheduleDecide();
    const again = document.querySelector(`#form [data-none="${CSS.escape(c.dataset.none)}"]`);
    if (again) again.focus();
  }));
  document.getElementById("json").value = JSON.stringify(clean(household), null, 2);
}

// What is wrong with a field's text, or null: a number, a whole number, a real calendar date or month.
function problemWith(el) {
  const text = el.value.trim(), kind = el.dataset.kind;
  if (!kind || text === "") return null;
  if (kind === "integer") return /^-?\d+$/.test(text) ? null : t("notInteger");
  if (kind === "number") return /^-?\d+([.,]\d+)?$/.test(text.replace(/[\s\u00a0]/g, "")) ? null : t("notNumber");
  if (kind === "month") return /^\d{4}-(0[1-9]|1[0-2])$/.test(text) ? null : t("notMonth");
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return t("notDate");
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3] ? null : t("noSuchDay");
}

// Marks a field as wrong, with the message beside it (and read out), or clears the mark.
function markField(el, message) {
  const id = "err-" + el.id;
  let box = document.getElementById(id);
  if (!message) {
    el.removeAttribute("aria-invalid"); el.classList.remove("invalid");
    if (box) box.remove();
    return;
  }
  el.setAttribute("aria-invalid", "true"); el.classList.add("invalid");
  if (!box) { box = document.createElement("div"); box.id = id; box.className = "field-error"; box.setAttribute("role", "alert"); el.insertAdjacentElement("afterend", box); }
  el.setAttribute("aria-describedby", id);
  box.textContent = message;
}

function onEdit(el) {
  const parts = parsePath(el.dataset.path);
  const f = fieldType(parts);
  const problem = el.dataset.list ? null : problemWith(el);
  markField(el, problem);
  if (problem) { showStale(); return; }
  let v;
  const text = el.dataset.list ? "" : el.value.trim();
  if (el.dataset.list) v = Array.from(el.querySelectorAll("input:checked")).map((x) => x.value);
  else if (text === "") v = undefined;
  else if (f && (f.type === "integer")) v = parseInt(text, 10);
  else if (f && (f.type === "decimal" || f.type === "money")) v = Number(text.replace(/[\s\u00a0]/g, "").replace(",", "."));
  else if (f && f.type === "boolean") v = el.value === "true";
  else v = el.value;
  setAt(household, parts, v);
  // A birth date or the application date decides which questions a member is asked.
  if (/(^|\.)birth_date$|^application\.date$/.test(el.dataset.path)) renderForm();
  document.getElementById("json").value = JSON.stringify(clean(household), null, 2);
  scheduleDecide();
}

function clean(x) {
  if (Array.isArray(x)) return x.filter((v) => v !== undefined).map(clean);
  if (x && typeof x === "object") {
    const o = {};
    for (const [k, v] of Object.entries(x)) if (v !== undefined && v !== "") o[k] = clean(v);
    return o;
  }
  return x;
}

function scheduleDecide() { clearTimeout(timer); timer = setTimeout(decide, 300); }

function conditionHTML(c) {
  if (!c.id && c.kind !== "test" && c.children) return c.children.map(conditionHTML).join("");
  const r = c.result === true ? ["true", "✔"] : c.result === false ? ["false", "✘"] : ["unknown", "?"];
  let html = `<li data-condition="${esc(c.id)}"><span class="mark ${r[0]}">${r[1]}</span>${c.id || c.kind !== "all" ? esc(c.label) : ""}`;
  if (c.reason) html += `<div class="detail">${esc(c.reason)}</div>`;
  if (c.threshold) html += `<div class="detail threshold">${esc(c.threshold.text)}</div>`;
  if (c.holds_from) html += `<div class="detail">${t("holdsFrom")} ${esc(c.holds_from)}</div>`;
  if (c.values && (document.getElementById("level").value === "full" || (c.result === false && !c.threshold && !c.holds_from && !c.reason)))
    html += c.values.length ? `<div class="detail">${c.values.map((v) => `${esc(v.label)} = ${esc(v.text)}`).join("; ")}</div>` : "";
  if (c.children && c.children.length) html += `<ul class="tree">${c.children.map(conditionHTML).join("")}</ul>`;
  return html + "</li>";
}

// Eligible first, then undetermined and errors, then the rest; within each, as the rules list them.
const ORDER = { eligible: 0, undetermined: 1, error: 2, ineligible: 3 };
let filter = "all";

// Above the form, and kept in view while it scrolls: the ATA decision and how many programmes the
// household is eligible for; it leads to the decisions.
function renderSummary(result) {
  const s = document.getElementById("summary");
  const ata = result.decisions.find((d) => d.program === "ata") || result.decisions[0];
  if (!ata) { s.hidden = true; return; }
  const eligible = result.decisions.filter((d) => d.status === "eligible").length;
  s.innerHTML = `<span class="badge ${esc(ata.status)}">${esc(ata.title)}: ${esc(ata.status_text)}</span>` +
    (ata.amount_text ? ` <b>${esc(ata.amount_text)} ${esc(t("perMonth"))}</b>` : "") +
    ` · ${esc(t("eligibleCount").replace("{n}", eligible).replace("{total}", result.decisions.length))}`;
  s.hidden = false;
}

// The fields that say where the applicant lives: a programme that fails only on them serves
// another place, and is listed after the ones that can apply here.
const PLACE_FIELDS = new Set(["city", "region", "application.city", "application.region"]);
function servesElsewhere(d) {
  if (d.status !== "ineligible" || !d.conditions) return false;
  const failsOnPlace = (c) => (c.result === false && c.kind === "test" && (c.values || []).length > 0 && c.values.every((v) => PLACE_FIELDS.has(v.name)))
    || (c.result === false && (c.children || []).some(failsOnPlace) && c.kind !== "any");
  return failsOnPlace(d.conditions);
}

function renderDecisions(result) {
  lastResult = result;
  renderSummary(result);
  // A decision waits for a question the form did not ask: ask it now.
  const waiting = waitedFor();
  if ([...notAsked].some((p) => waiting.has(p))) renderForm();
  const box = document.getElementById("decisions");
  const counts = {};
  for (const d of result.decisions) counts[d.status] = (counts[d.status] || 0) + 1;
  const shown = result.decisions.map((d, i) => [d, i]).sort((a, b) => (ORDER[a[0].status] - ORDER[b[0].status]) || (a[1] - b[1]))
    .map((x) => x[0]).filter((d) => filter === "all" || d.status === filter || (filter === "undetermined" && d.status === "error"));
  const filters = `<div class="toolbar filters" role="group" aria-label="${esc(t("show"))}">` + ["all", "eligible", "undetermined", "ineligible"].map((f) =>
    `<button type="button" class="small" data-filter="${f}" aria-pressed="${filter === f}">${t("filter_" + f)}${f === "all" ? "" : ` (${(counts[f] || 0) + (f === "undetermined" ? counts.error || 0 : 0)})`}</button>`).join("") + `</div>`;
  const card = (d) => {
    let html = `<div class="decision ${d.status}" data-program="${esc(d.program)}"><h3>${esc(d.title)} <span class="badge ${d.status}">${esc(d.status_text)}</span>`;
    if (d.amount_text) html += ` <span class="amount">${esc(d.amount_text)} ${t("perMonth")}</span>`;
    if (d.form_label) html += ` <span class="meta">${esc(d.form_label)}</span>`;
    html += `</h3>`;
    if ((d.amount_breakdown || []).length) html += `<ul class="breakdown" aria-label="${esc(t("howComputed"))}">` + d.amount_breakdown.map((l) => `<li>${esc(l.equation)}</li>`).join("") + `</ul>`;
    if ((d.rules_gaps || []).length) html += `<div class="rules-gap">${t("rulesGap")}: ` + d.rules_gaps.map((g) => esc(g.message)).join("; ") + `</div>`;
    if (d.missing.length) html += `<div class="missing">${t("factsNeeded")}: ` + d.missing.map((m) => `<button type="button" class="link" data-goto="${esc(formPath(m.path))}" title="${esc(m.path)}">${esc(m.label)}</button>` + (m.decides.length ? ` — ${t("decides")}: ${esc(m.decides.join("; "))}` : "")).join("; ") + `</div>`;
    if (d.error) html += `<div class="error-box">${t("ruleError")}: ${esc(d.error.message)}</div>`;
    if (d.conditions) html += `<ul class="tree explanation">${conditionHTML(d.conditions)}</ul>`;
    return html + `<div class="meta">${t("asOf")} ${esc(d.as_of)} · ${t("rules")} ${esc(d.rules_version)}
      · <button class="small" type="button" data-notice="${esc(d.program)}">${t("notice")}</button>
      · <button class="small" type="button" data-keep="${esc(d.program)}">${t("keepAsTest")}</button><span class="kept" aria-live="polite"></span></div></div>`;
  };
  // Programmes of this place first; those of other places collapsed under them.
  const here = shown.filter((d) => !servesElsewhere(d)), elsewhere = shown.filter(servesElsewhere);
  const wasOpen = !!document.querySelector("#elsewhere[open]");
  box.innerHTML = filters + here.map(card).join("") +
    (elsewhere.length ? `<details id="elsewhere" ${wasOpen ? "open" : ""}><summary>${esc(t("otherPlaces").replace("{n}", elsewhere.length))}</summary>${elsewhere.map(card).join("")}</details>` : "") + `<p class="meta">${t("audit")}: <code id="auditId">${esc(result.audit_id)}</code> · <a href="${esc(shareURL())}" id="shareLink">${t("shareLink")}</a> · <button class="small" type="button" data-notice="" id="noticeButton">${t("noticeAll")}</button></p>`;
}
let lastResult = null;

// The household in the URL's fragment (never sent to the server), so that a colleague opens the
// same profile; the IIN is left out.
function shareURL() {
  const h = clean(household);
  for (const m of h.members || []) if (m) delete m.iin;
  const bytes = new TextEncoder().encode(JSON.stringify(h));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return location.pathname + "#h=" + btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
function fromFragment() {
  const m = /^#h=([A-Za-z0-9_-]{1,400000})$/.exec(location.hash);
  if (!m) return null;
  try {
    const bin = atob(m[1].replace(/-/g, "+").replace(/_/g, "/"));
    const parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
    return conform(schema.root, parsed);
  } catch (e) { return null; }
}

// A household from outside the page (a shared link) as the schema allows it, and nothing else:
// only the schema's fields, each of its type (an enum one of its values, a date a date, a number
// a finite number, text at most 1 000 characters, at most 100 items a list); anything else is
// dropped. What the form is built from is therefore always data of the schema's shape.
function conform(typeName, value, depth = 0) {
  const rec = schema.records[typeName];
  if (!rec || !value || typeof value !== "object" || Array.isArray(value) || depth > 8) return {};
  const out = {};
  for (const f of rec.fields) {
    if (!Object.prototype.hasOwnProperty.call(value, f.name)) continue;
    const v = conformValue(f, value[f.name], depth);
    if (v !== undefined) out[f.name] = v;
  }
  return out;
}
function conformValue(f, v, depth) {
  const type = f.type;
  if (type.record) return conform(type.record, v, depth + 1);
  if (type.list) {
    if (!Array.isArray(v)) return undefined;
    const items = v.slice(0, 100);
    if (type.list.record) return items.map((x) => conform(type.list.record, x, depth + 1));
    if (type.list.enum) { const allowed = schema.enums[type.list.enum].values.map((x) => x.value); return items.filter((x) => allowed.includes(x)); }
    return undefined;
  }
  if (type.enum) return schema.enums[type.enum].values.some((x) => x.value === v) ? v : undefined;
  if (type === "boolean") return typeof v === "boolean" ? v : undefined;
  if (type === "integer") return Number.isSafeInteger(v) ? v : undefined;
  if (type === "decimal" || type === "money") return typeof v === "number" && Number.isFinite(v) ? v : undefined;
  if (type === "date") return typeof v === "string" && /^\d{4}-\d{2}(-\d{2})?$/.test(v) ? v : undefined;
  return typeof v === "string" && v.length <= 1000 ? v : undefined;
}
document.addEventListener("click", (ev) => {
  const b = ev.target.closest("button[data-filter]");
  if (!b) return;
  filter = b.dataset.filter;
  if (lastResult) renderDecisions(lastResult);
  // Focus stays on the filter the user chose.
  const again = document.querySelector(`button[data-filter="${CSS.escape(filter)}"]`);
  if (again) again.focus();
});

// Keeps the household, as decided now, as a rule test in a draft of the rules (the policy
// workbench): the first draft, or a new one when there is none.
async function keepAsTest(program, where) {
  try {
    const w = await api("/v1/workbench");
    let draft = w.drafts[0];
    if (w.drafts.length > 1) {
      const pick = window.prompt(t("whichDraft") + "\n" + w.drafts.map((d, i) => `${i + 1}. ${d.name}`).join("\n"), "1");
      if (!pick) return;
      draft = w.drafts[Number(pick) - 1] || w.drafts[0];
    }
    if (!draft) draft = await api("/v1/drafts?name=" + encodeURIComponent(t("keptTests")), { method: "POST" });
    const name = window.prompt(t("testName"), "");
    if (name === null) return;
    const typed = document.getElementById("asOf").value.trim(), asOf = /^\d{4}-\d{2}-\d{2}$/.test(typed) ? typed : "";
    const r = await api(`/v1/drafts/${encodeURIComponent(draft.id)}/tests/keep?lang=${lang}&program=${encodeURIComponent(program)}` +
      (asOf ? `&as_of=${asOf}` : "") + (name ? `&name=${encodeURIComponent(name)}` : ""), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(clean(household)) });
    where.textContent = ` ${t("keptIn")} «${draft.name}» (${r.file})`;
  } catch (e) {
    where.textContent = " " + e.message;
  }
}
// The printable notice of the last decision (fetched with the page's token, opened as a page).
async function openNotice(program) {
  if (!lastResult) return;
  const res = await authorizedFetch(`/v1/decisions/${encodeURIComponent(lastResult.audit_id)}/notice?lang=${lang}` + (program ? `&program=${encodeURIComponent(program)}` : ""));
  const html = await res.text();
  if (!res.ok) { document.getElementById("error").innerHTML = `<div class="error-box" role="alert">${esc(html)}</div>`; return; }
  const w = window.open(URL.createObjectURL(new Blob([html], { type: "text/html" })), "_blank");
  // The notice runs no script of its own: its print button is wired from here.
  if (w) w.addEventListener("load", () => { const b = w.document.querySelector("button.print"); if (b) b.addEventListener("click", () => w.print()); });
}
document.addEventListener("click", (ev) => {
  const n = ev.target.closest("button[data-notice]");
  if (n) openNotice(n.dataset.notice);
});

document.addEventListener("click", (ev) => {
  const b = ev.target.closest("button[data-keep]");
  if (b) keepAsTest(b.dataset.keep, b.parentElement.querySelector(".kept"));
});

// A field path as the API names it (`household.members[0].incomes[1].amount`) as the form does
// (`members.0.incomes.1.amount`).
function formPath(p) { return String(p || "").replace(/^household\./, "").replace(/\[(\d+)\]/g, ".$1"); }

// While the form holds what cannot be sent, the last decision is no longer this household's.
function showStale() {
  const box = document.getElementById("decisions");
  box.classList.add("stale");
  box.setAttribute("aria-disabled", "true");
  let note = document.getElementById("staleNote");
  if (!note) { note = document.createElement("p"); note.id = "staleNote"; note.className = "meta stale-note"; note.setAttribute("role", "status"); box.before(note); }
  note.textContent = t("fixFirst");
}
function clearStale() {
  const box = document.getElementById("decisions");
  box.classList.remove("stale"); box.removeAttribute("aria-disabled");
  const note = document.getElementById("staleNote");
  if (note) note.remove();
}
// When the service does not answer: say so, keep what was shown, and try again.
let retryTimer = null;
function serviceDown() {
  showStale();
  const err = document.getElementById("error");
  err.innerHTML = `<div class="error-box" role="alert" id="serviceDown">${esc(t("serviceDown"))}</div>`;
  clearTimeout(retryTimer);
  retryTimer = setTimeout(decide, 3000);
}

async function decide() {
  const err = document.getElementById("error");
  err.innerHTML = "";
  const wrong = document.querySelector("#form [aria-invalid='true']");
  if (wrong) { showStale(); return; }
  const body = { household: clean(household), lang, level: document.getElementById("level").value };
  const asOf = document.getElementById("asOf").value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(asOf)) body.as_of = asOf;
  try {
    const result = await api("/v1/decisions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    clearStale();
    renderDecisions(result);
    history.replaceState(null, "", shareURL());
  } catch (e) {
    // The service is away (no answer, or 502/503): keep the last decisions, greyed, and retry.
    if (!e.apiError || e.status >= 502) { serviceDown(); return; }
    // A refused household: the old decision is not this household's — kept greyed; say what and where.
    showStale();
    const a = e.apiError || { message: e.message };
    const field = a.field ? document.querySelector(`#form [data-path="${CSS.escape(formPath(a.field))}"]`) : null;
    const said = String(a.message || "").replace(/^`[^`]*`:\s*/, "");
    if (field) {
      markField(field, said);
      field.focus();
      err.innerHTML = `<div class="error-box" role="alert" id="refusal">${esc(field.closest(".field")?.querySelector("label")?.textContent || a.field)}: ${esc(said)}</div>`;
    } else {
      err.innerHTML = `<div class="error-box" role="alert" id="refusal">${esc(a.message || e.message)}</div>`;
    }
  }
}

document.addEventListener("click", (ev) => {
  const b = ev.target.closest("button[data-goto]");
  if (!b) return;
  // A field, or for a list (incomes, members) the list's "none" choice or its add button.
  const el = document.querySelector(`#form [data-path="${CSS.escape(b.dataset.goto)}"]`)
    || document.querySelector(`#form [data-none="${CSS.escape(b.dataset.goto)}"]`)
    || document.querySelector(`#form [data-add="${CSS.escape(b.dataset.goto)}"]`);
  if (el) { showTab("form"); el.scrollIntoView({ block: "center" }); el.focus(); }
});

// On a phone one panel at a time: the form or the decisions, chosen on the tab bar; the summary
// and a decision's missing-fact links switch to the other.
function showTab(tab) {
  document.body.dataset.tab = tab;
  for (const b of document.querySelectorAll("#tabbar button")) b.setAttribute("aria-pressed", String(b.dataset.tab === tab));
}
document.addEventListener("click", (ev) => {
  const b = ev.target.closest("#tabbar button");
  if (b) { showTab(b.dataset.tab); window.scrollTo(0, 0); return; }
  if (ev.target.closest("#summary")) showTab("decisions");
});

function texts() {
  document.getElementById("tabbar").setAttribute("aria-label", t("tabsLabel"));
  document.getElementById("tabForm").textContent = t("tabForm");
  document.getElementById("tabDecisions").textContent = t("tabDecisions");
  document.getElementById("decide").textContent = t("decide");
  document.getElementById("sample").setAttribute("aria-label", t("loadSample"));
  document.getElementById("loadSample").textContent = t("loadSampleButton");
  document.getElementById("skipLink").textContent = t("skipToDecisions");
  document.getElementById("decisionsTitle").textContent = t("decisions");
  document.getElementById("asOfLabel").textContent = t("asOf");
  document.getElementById("asOf").placeholder = t("dateFormat");
  document.getElementById("fileLabel").textContent = t("openFile");
  document.getElementById("levelLabel").textContent = t("level");
  const level = document.getElementById("level"), current = level.value || "decisive";
  level.innerHTML = ["decisive", "full"].map((l) => `<option value="${l}" ${l === current ? "selected" : ""}>${t(l)}</option>`).join("");
}

async function loadSamples() {
  const list = await api(`/v1/samples?lang=${lang}`);
  const sel = document.getElementById("sample");
  const said = list.descriptions || {};
  sel.innerHTML = `<option value="">${t("loadSample")}</option>` + list.samples.map((s) => `<option value="${esc(s)}" title="${esc(s)}">${esc(said[s] || s)}</option>`).join("");
  // A sample replaces the form only on the button (arrow keys over the list load nothing), and
  // asks first when the caseworker has edited the form.
  document.getElementById("loadSample").onclick = async () => {
    if (!sel.value) return;
    if (formEdited && !window.confirm(t("replaceEdits"))) return;
    household = await api("/v1/samples/" + encodeURIComponent(sel.value));
    formEdited = false;
    renderForm(); decide();
  };
}

// Whether the caseworker changed the form since it was last loaded.
let formEdited = false;

// A household file from the caseworker's computer: the service reads it (YAML or JSON, by its
// extension) with the same reader as the command line and answers it as the form's JSON; a
// mistake is said with its field and line, and the form keeps what it had.
async function openFile(file) {
  const err = document.getElementById("error");
  err.innerHTML = "";
  try {
    const text = await file.text();
    const yaml = /\.ya?ml$/i.test(file.name);
    household = await api("/v1/households/read?lang=" + lang, { method: "POST", headers: { "content-type": yaml ? "application/yaml" : "application/json" }, body: text });
    document.getElementById("sample").value = "";
    renderForm(); decide();
  } catch (e) {
    const a = e.apiError || { message: e.message };
    const where = a.line ? ` (${esc(file.name)}, ${esc(t("lineWord"))} ${a.line})` : ` (${esc(file.name)})`;
    err.innerHTML = `<div class="error-box" role="alert" id="fileRefusal">${a.raw ? messageHTML(a.raw) : esc(a.message || e.message)}${where}</div>`;
  }
}

async function start() {
  header("caseworker", () => { texts(); renderForm(); loadSamples(); decide(); });
  texts();
  schema = await api("/v1/schema");
  renderForm();
  await loadSamples();
  document.getElementById("decide").addEventListener("click", decide);
  document.getElementById("householdFile").addEventListener("change", (e) => { if (e.target.files[0]) openFile(e.target.files[0]); e.target.value = ""; });
  document.getElementById("level").addEventListener("change", decide);
  for (const kind of ["input", "change", "click"]) document.getElementById("form").addEventListener(kind, (e) => {
    if (kind !== "click" || e.target.closest("button")) formEdited = true;
  });
  // The decision date is a date field like the form's (a browser's own date input follows its
  // locale): decided when it is empty or a whole date, said when it is not one.
  document.getElementById("asOf").addEventListener("input", (e) => {
    const v = e.target.value.trim(), ok = v === "" || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !isNaN(Date.parse(v)));
    document.getElementById("asOfHint").textContent = ok || v.length < 10 ? "" : t("notADate");
    e.target.setAttribute("aria-invalid", ok ? "false" : "true");
    if (ok) decide();
  });
  const shared = fromFragment();
  if (shared) { household = shared; renderForm(); decide(); }
  const wanted = new URLSearchParams(location.search).get("sample");
  if (wanted) { document.getElementById("sample").value = wanted; household = await api("/v1/samples/" + encodeURIComponent(wanted)); renderForm(); decide(); }
  document.getElementById("json").addEventListener("change", (e) => {
    try { household = JSON.parse(e.target.value); renderForm(); decide(); }
    catch (x) { document.getElementById("error").innerHTML = `<div class="error-box">${esc(x.message)}</div>`; }
  });
}
start();
