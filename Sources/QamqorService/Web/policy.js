// The policy officer's page: the rules in force, drafts edited in the browser (checked as typed,
// tested, compared on a population, diffed, published), the history of versions with rollback, and
// every parameter's dated values.
const $ = (id) => document.getElementById(id);
let draft = null;          // the open draft: {id, name, base_version, files}
let file = null;           // the path of the file in the editor
let savedText = "";        // its text as last saved
let checkTimer = null;
let checkSeq = 0;
let lastWorkbench = null;  // the last overview: what a rollback would cancel

const shown = {};
function setIfChanged(id, html) {
  if (shown[id] === html) return;
  shown[id] = html;
  $(id).innerHTML = html;
}
const errorBox = (e) => `<div class="error-box" role="alert">${e.apiError ? messageHTML(e.apiError.raw) : esc(e.message || e)}</div>`;
// Numbers as the service writes amounts: thin groups of three, a decimal comma in kk and ru.
function num(x) {
  if (x === null || x === undefined || x === "") return "—";
  const n = Number(x), neg = n < 0, abs = Math.abs(n);
  let [whole, frac] = (Math.round(abs * 100) / 100).toFixed(2).split(".");
  whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  const dec = frac === "00" ? "" : (lang === "en" ? "." : ",") + frac;
  return (neg ? "−" : "") + whole + dec;
}

function labels() {
  for (const [id, key] of [["statusTitle", "rulesStatus"], ["workbenchTitle", "workbench"], ["draftNameLabel", "draftName"],
    ["newDraftButton", "newDraft"], ["fileLabel", "file"], ["saveButton", "save"], ["testsButton", "runTests"],
    ["acceptButton", "acceptResults"], ["householdsLabel", "households"], ["seedLabel", "seed"], ["applicationDateLabel", "applicationsDated"], ["impactButton", "runImpact"],
    ["diffButton", "diff"], ["rebaseButton", "rebase"], ["noteLabel", "note"], ["effectiveLabel", "effectiveFrom"], ["publishButton", "publish"], ["approveButton", "approve"], ["closeButton", "close"],
    ["historyTitle", "history"], ["conditionsTitle", "conditionsTitle"], ["figuresTitle", "figuresTitle"], ["programSelectLabel", "program"], ["parametersTitle", "parameters"], ["programsTitle", "programmes"], ["parameterSearchLabel", "searchParameters"]]) {
    $(id).textContent = t(key);
  }
  $("effective").placeholder = t("datePlaceholder");
  $("applicationDate").placeholder = t("datePlaceholder");
  $("editor").setAttribute("aria-label", t("ruleFile"));
}

// MARK: The rules in force, the drafts and the history (redrawn every few seconds, only when changed)

async function refresh() {
  try {
    const s = await api("/v1/rules?lang=" + lang);
    let html = `<p class="${s.status === "ok" ? "status-ok" : "status-bad"}" id="rulesState">${s.status === "ok" ? t("allGood") : t("rejectedChange")}</p>
      <p>${t("version")}: <code id="rulesVersion">${esc(s.version)}</code> · ${t("loadedAt")}: ${esc(s.loaded_at)} · ${t("tests")}: ${s.tests_passed} · ${t("programmes")}: ${s.programs}</p>`;
    if (s.rejected_change) {
      const r = s.rejected_change;
      if (r.diagnostics.length) html += `<h3>${t("diagnostics")}</h3><pre class="diag">${r.diagnostics.map((d) => esc(d.text)).join("\n\n")}</pre>`;
      if (r.failed_tests.length) html += `<h3>${t("failedTests")}</h3><pre class="diag">${r.failed_tests.map(esc).join("\n")}</pre>`;
    }
    if (s.coverage && s.coverage.gaps.length) html += `<details id="coverage"><summary>${t("coverageGaps")}: ${s.coverage.gaps.length}</summary><ul class="gaps">${s.coverage.gaps.map((g) =>
      `<li><span class="meta">${esc(g.file)}:${g.line || "?"}</span> ${esc(g.message)}${g.help ? ` <span class="meta">(${esc(g.help)})</span>` : ""} <button class="small" data-fill="${esc(g.file)}|${g.line || 1}">${t("addFigure")}</button></li>`).join("")}</ul></details>`;
    html += `<details><summary>${t("files")} (${s.files.length})</summary><ul>${s.files.map((f) => `<li><code>${esc(f)}</code></li>`).join("")}</ul></details>`;
    setIfChanged("status", html);
    const w = await api("/v1/workbench?lang=" + lang);
    lastWorkbench = w;
    setIfChanged("drafts", w.drafts.length === 0 ? "" : `<table class="grid"><thead><tr><th>${t("draftName")}</th><th>${t("author")}</th><th>${t("base")}</th><th></th></tr></thead><tbody>` +
      w.drafts.map((d) => `<tr><td>${asWritten(d.name)}</td><td>${esc(who(d.author))}</td><td><code>${esc(d.base_version)}</code>${d.base_is_live ? "" : ` <span class="status-bad">${t("baseMoved")}</span>`}</td>
        <td><button class="small" data-open="${esc(d.id)}">${t("open")}</button> <button class="small" data-delete="${esc(d.id)}">${t("del")}</button></td></tr>`).join("") + `</tbody></table>`);
    const sc = w.scheduled;
    setIfChanged("scheduled", !sc ? "" : sc.state === "pending"
      ? `<p class="${sc.base_is_live ? "status-ok" : "status-bad"}" id="scheduledState">${t("scheduled")}: <code>${esc(sc.version)}</code> ${t("effectiveFrom").toLowerCase()} ${esc(sc.effective_from)} (${esc(who(sc.published_by))}${sc.note ? ": " + esc(sc.note) : ""}${sc.approved_by ? ` · ${t("approvedByShort")} ${esc(who(sc.approved_by))}` : ""}) <button class="small" data-vdiff="${esc(sc.version)}" id="scheduledDiff">${t("diffAgainstLive")}</button> <button class="small" data-cancel-schedule="1">${t("cancelSchedule")}</button></p>`
      : `<p class="meta" id="scheduledState">${t("scheduled")}: <code>${esc(sc.version)}</code> ${esc(sc.effective_from)} — ${esc(t("scheduleState_" + sc.state))}: ${esc(sc.outcome)}</p>`);
    setIfChanged("history", `<table class="grid"><thead><tr><th>${t("when")}</th><th>${t("version")}</th><th>${t("kind")}</th><th>${t("by")}</th><th>${t("note")}</th><th></th></tr></thead><tbody>` +
      w.publications.map((p, i) => `<tr><td>${esc(p.at)}</td><td><code>${esc(p.version)}</code>${p.version === w.live_version && i === 0 ? ` <b>${t("live")}</b>` : ""}</td>
        <td>${t("kind_" + p.kind)}</td><td>${esc(who(p.published_by))}</td><td>${esc(p.note)}${p.approved_by ? `<div class="meta approval">${t("approvedByShort")} ${esc(who(p.approved_by))} (${esc(String(p.approved_at || "").slice(0, 16).replace("T", " "))})</div>` : ""}</td>
        <td>${p.version === w.live_version ? "" : `<button class="small" data-vdiff="${esc(p.version)}">${t("diff")}</button> <button class="small" data-rollback="${esc(p.version)}">${t("rollback")}</button>`}</td></tr>`).join("") + `</tbody></table>`);
  } catch (e) {
    setIfChanged("status", errorBox(e));
  }
}

// Who did it: a person's name, or the service itself (its first version) or this computer (a
// service without tokens) in the page's words.
function who(name) { return name === "service" ? t("byService") : name === "local" ? t("byLocal") : name; }

// A name written by whoever keeps the rule files (a test's, a draft's), shown as written: marked
// English for screen readers when it has no Kazakh or Russian letter.
function asWritten(text) {
  const s = String(text ?? ""), cyrillic = (s.match(/[\u0400-\u04FF]/g) || []).length, latin = (s.match(/[A-Za-z]/g) || []).length;
  return latin > cyrillic ? `<span lang="en">${esc(s)}</span>` : esc(s);
}

// A rule file's own note (where a value was published, why a policy choice was made): written for
// the developers and officers who keep the files, in English, so shown as such — marked English
// for screen readers, and labelled in the page's language.
function devNote(text, bare) {
  if (!text) return "";
  const note = `<span lang="en">${esc(text)}</span>`;
  return bare ? `<span class="meta dev-note" title="${esc(t("devNote"))}">${note}</span>`
              : `<div class="meta dev-note"><span>${esc(t("devNote"))}:</span> ${note}</div>`;
}

async function staticParts() {
  try {
    const p = await api("/v1/programs?lang=" + lang);
    $("programs").innerHTML = `<table class="grid"><thead><tr><th>${t("programId")}</th><th>${t("program")}</th><th>${t("source")}</th></tr></thead><tbody>` +
      p.programs.map((x) => `<tr><td><code>${esc(x.id)}</code></td><td>${esc(x.title)}</td><td>${x.legal_basis ? esc(x.legal_basis) : `<b>${t("policyChoice")}</b>`}${devNote(x.source)}</td></tr>`).join("") + `</tbody></table>`;
    const ps = await api("/v1/parameters?lang=" + lang);
    parameters = ps.parameters;
    $("parameters").innerHTML = ps.parameters.map((q) => {
      const rows = (vs, key) => vs.map((v) => `<tr>${key !== undefined ? `<td>${esc(key)}</td>` : ""}<td>${esc(v.from)}</td><td class="num">${num(v.value)}</td><td>${devNote(v.source, true)}</td></tr>`).join("");
      const body = q.keys
        ? q.keys.map((k) => k.values.length ? rows(k.values, k.label) : `<tr><td>${esc(k.label)}</td><td colspan="3" class="${q.required === false ? "meta" : "status-bad"}">—</td></tr>`).join("")
        : rows(q.values);
      // What a search finds it by: its label in every language, its name, its keys' labels and codes.
      const words = [q.name, ...Object.values(q.labels || {}), ...(q.keys || []).flatMap((k) => [k.key, k.label])].join(" ").toLowerCase();
      return `<details data-parameter="${esc(q.name)}" data-search="${esc(words)}"><summary><b>${esc(q.label)}</b> <code>${esc(q.name)}</code> · ${esc(q.type)}${q.stale_after_months ? ` · ${q.stale_after_months} ${esc(t("monthsShort"))}` : ""}${q.required === false ? ` · <i>${esc(t("notRequired"))}</i>` : ""} · <span class="meta">${esc(q.file)}:${q.line}</span></summary>
        ${devNote(q.source)}<table class="grid"><thead><tr>${q.keys ? `<th>${esc(q.by_label || q.by)}</th>` : ""}<th>${t("from")}</th><th>${t("value")}</th><th>${t("source")}</th></tr></thead><tbody>${body}</tbody></table>
        <p><button type="button" class="small" data-add-value="${esc(q.name)}">${t("addValue")}</button></p><div class="value-form" id="form-${esc(q.name)}"></div></details>`;
    }).join("");
    filterParameters();
  } catch (e) {
    $("parameters").innerHTML = errorBox(e);
  }
}

// MARK: A programme's conditions, read and changed in place (labels, reasons, numbers)

let outlines = [];
async function loadConditions() {
  if (!draft) return;
  try {
    const r = await api(`/v1/drafts/${encodeURIComponent(draft.id)}/programs?lang=${lang}`);
    outlines = r.programs;
    const sel = $("programSelect"), current = sel.value;
    sel.innerHTML = outlines.map((p) => `<option value="${esc(p.program)}" ${p.program === current ? "selected" : ""}>${esc(p.title)}</option>`).join("");
    drawConditions();
  } catch (e) { $("conditionTree").innerHTML = `<li>${errorBox(e)}</li>`; }
}
const LANG_ORDER = ["kk", "ru", "en"];
function textsForm(kind, id, texts) {
  return `<div class="texts-form" hidden id="${kind}-form-${esc(id)}">` + LANG_ORDER.map((l) =>
    `<label for="${kind}-${l}-${esc(id)}">${esc(LANG_NAMES[l] || l)}</label> <input id="${kind}-${l}-${esc(id)}" lang="${l}" value="${esc((texts || {})[l] || "")}" maxlength="600" style="width: 30rem"><br>`).join("") +
    `<button type="button" class="small" data-save-texts="${kind}" data-condition="${esc(id)}">${t("save")}</button></div>`;
}
function conditionItem(c) {
  const label = c.label ? L(c.label) : (c.kind === "all" ? t("allOf") : t("anyOf"));
  let html = `<li data-condition-id="${esc(c.id || "")}"><b>${esc(label)}</b>`;
  if (c.kind !== "test" && c.label) html += ` <span class="meta">(${c.kind === "all" ? t("allOf") : t("anyOf")})</span>`;
  if (c.id && c.label) html += ` <button type="button" class="small" data-edit-texts="label" data-condition="${esc(c.id)}">${t("editLabel")}</button>` + textsForm("label", c.id, c.label);
  if (c.kind === "test") {
    html += `<div class="detail">${t("test")}: <code>${esc(c.when)}</code> <span class="meta">${t("lineWord")} ${esc(c.line)}</span></div>`;
    if (c.numbers.length) html += `<div class="detail numbers">${t("numbers")}: ` + c.numbers.map((n, i) =>
      `<input id="num-${esc(c.id)}-${i}" aria-label="${esc(L(c.label) || c.id)}: ${esc(t("numbers"))} ${i + 1}" value="${esc(n)}" inputmode="decimal" style="width: 6rem"> <button type="button" class="small" data-save-number="${i}" data-condition="${esc(c.id)}">${t("save")}</button>`).join(" ") + `</div>`;
    if (c.reads.length) html += `<div class="detail">${t("reads")}: ` + c.reads.map((r) => `${esc(r.label)}${r.kind === "parameter" ? ` <span class="meta">(${t("parameterWord")})</span>` : ""}`).join("; ") + `</div>`;
    html += `<div class="detail">${t("reasonWord")}: ${c.reason ? esc(L(c.reason)) : `<i>${t("noReason")}</i>`} <button type="button" class="small" data-edit-texts="reason" data-condition="${esc(c.id)}">${t("editReason")}</button>` + textsForm("reason", c.id, c.reason) + `</div>`;
    html += c.off
      ? `<div class="detail status-bad" id="off-${esc(c.id)}">${t("switchedOff")}: ${esc(c.off)} <button type="button" class="small" data-switch-on="${esc(c.id)}">${t("switchOn")}</button></div>`
      : `<div class="detail"><button type="button" class="small" data-edit-texts="off" data-condition="${esc(c.id)}">${t("switchOff")}</button>
          <span class="texts-form" hidden id="off-form-${esc(c.id)}"><label for="off-note-${esc(c.id)}">${t("offNote")}</label> <input id="off-note-${esc(c.id)}" maxlength="600" style="width: 24rem">
          <button type="button" class="small" data-switch-off="${esc(c.id)}">${t("confirmSwitchOff")}</button></span></div>`;
  }
  if (c.children.length) html += `<ul class="tree">${c.children.map(conditionItem).join("")}</ul>`;
  return html + `</li>`;
}
// A named value or the amount, its expression read with each number in a field of its own (the
// large-family МРП multiples read as "if children == [4] then [16.03] else …").
function figureItem(g) {
  const chars = Array.from(g.expr);
  let html = "", at = 0;
  g.numbers.forEach((n, i) => {
    html += esc(chars.slice(at, n.start).join(""));
    html += `<input id="fig-${esc(g.name)}-${i}" aria-label="${esc(L(g.label) || g.name)}: ${esc(t("numbers"))} ${i + 1}" data-figure="${esc(g.name)}" data-index="${i}" value="${esc(n.text)}" data-was="${esc(n.text)}" inputmode="decimal" style="width: ${Math.max(3, n.text.length + 2)}ch">`;
    at = n.end;
  });
  html += esc(chars.slice(at).join(""));
  return `<div class="figure" data-figure-name="${esc(g.name)}"><b>${esc(L(g.label) || g.name)}</b> <span class="meta">${t("lineWord")} ${esc(g.line)}</span>
    <div class="detail"><code class="figure-expr">${html}</code> <button type="button" class="small" data-save-figure="${esc(g.name)}">${t("save")}</button></div></div>`;
}
function drawConditions() {
  const p = outlines.find((x) => x.program === $("programSelect").value) || outlines[0];
  $("conditionTree").innerHTML = p ? p.conditions.map(conditionItem).join("") : "";
  $("figures").innerHTML = p ? (p.figures || []).filter((g) => g.numbers.length).map(figureItem).join("") : "";
  // A grant programme's scoring criteria as the committee's table: weight and cap changed in place.
  const rows = p ? (p.criteria || []) : [];
  $("criteria").innerHTML = !rows.length ? "" : `<h3>${t("criteriaTitle")}</h3><table class="grid" id="criteriaTable"><thead><tr><th>${t("criterion")}</th><th>${t("weight")}</th><th>${t("cap")}</th><th></th></tr></thead><tbody>` +
    rows.map((c) => `<tr data-criterion="${esc(c.id)}"><td>${esc(L(c.label) || c.id)}</td>` + ["weight", "cap"].map((k) =>
      `<td><input id="crit-${k}-${esc(c.id)}" aria-label="${esc(L(c.label) || c.id)}: ${esc(t(k))}" data-was="${esc(c[k] || "")}" value="${esc(c[k] || "")}" inputmode="decimal" style="width: 6rem"></td>`).join("") +
      `<td><button type="button" class="small" data-save-criterion="${esc(c.id)}">${t("save")}</button></td></tr>`).join("") + `</tbody></table>`;
}
async function saveCondition(condition, body) {
  await ensureSaved();
  const program = $("programSelect").value;
  try {
    const r = await api(`/v1/drafts/${encodeURIComponent(draft.id)}/programs/${encodeURIComponent(program)}/conditions/${encodeURIComponent(condition)}?lang=${lang}`,
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    $("conditionState").textContent = `${t("savedIn")} ${r.saved}`;
    showDiagnostics(r);
    // The draft again (its files, and the tree as the file now says).
    await openDraftKeepResults();
  } catch (e) { $("conditionState").innerHTML = errorBox(e); }
}
document.addEventListener("click", (ev) => {
  const e = ev.target.closest("button[data-edit-texts]");
  if (e) { const f = $(`${e.dataset.editTexts}-form-${e.dataset.condition}`); if (f) { f.hidden = !f.hidden; if (!f.hidden) f.querySelector("input").focus(); } return; }
  const s = ev.target.closest("button[data-save-texts]");
  if (s) {
    const kind = s.dataset.saveTexts, id = s.dataset.condition, texts = {};
    for (const l of LANG_ORDER) texts[l] = $(`${kind}-${l}-${id}`).value;
    saveCondition(id, { [kind]: texts });
    return;
  }
  const off = ev.target.closest("button[data-switch-off]");
  if (off) {
    const note = $(`off-note-${off.dataset.switchOff}`).value.trim();
    if (!note) { $("conditionState").textContent = t("offNeedsNote"); $(`off-note-${off.dataset.switchOff}`).focus(); return; }
    saveCondition(off.dataset.switchOff, { off: note });
    return;
  }
  const fig = ev.target.closest("button[data-save-figure]");
  if (fig) {
    // The first number changed is saved (one change at a time, as in the rule file).
    const changed = [...document.querySelectorAll(`input[data-figure="${CSS.escape(fig.dataset.saveFigure)}"]`)].find((i) => i.value.trim() !== i.dataset.was);
    if (changed) saveCondition(fig.dataset.saveFigure, { number: { index: Number(changed.dataset.index), value: changed.value } });
    return;
  }
  const crit = ev.target.closest("button[data-save-criterion]");
  if (crit) {
    const id = crit.dataset.saveCriterion;
    const k = ["weight", "cap"].find((k) => $(`crit-${k}-${id}`).value.trim() !== $(`crit-${k}-${id}`).dataset.was);
    if (k) saveCondition(id, { [k]: $(`crit-${k}-${id}`).value });
    return;
  }
  const on = ev.target.closest("button[data-switch-on]");
  if (on) { saveCondition(on.dataset.switchOn, { off: null }); return; }
  const n = ev.target.closest("button[data-save-number]");
  if (n) saveCondition(n.dataset.condition, { number: { index: Number(n.dataset.saveNumber), value: $(`num-${n.dataset.condition}-${n.dataset.saveNumber}`).value } });
});
$("programSelect").addEventListener("change", drawConditions);
$("conditionsBox").addEventListener("toggle", () => { if ($("conditionsBox").open) loadConditions(); });

// MARK: Parameters through a form: search, then "add a value from a date"

let parameters = [];

function filterParameters() {
  const q = ($("parameterSearch").value || "").trim().toLowerCase();
  let shown = 0;
  for (const d of document.querySelectorAll("#parameters details[data-parameter]")) {
    const hit = !q || d.dataset.search.includes(q);
    d.hidden = !hit;
    if (hit) shown++;
    if (q && hit && shown === 1) d.open = true;
  }
  $("parameterCount").textContent = q ? `${t("found")}: ${shown}` : "";
}

// The last date of a series (the key's, or the parameter's own).
function lastDate(q, key) {
  const vs = q.keys ? ((q.keys.find((k) => k.key === key) || {}).values || []) : q.values;
  return vs.length ? vs.map((v) => v.from).sort().pop() : null;
}

function valueForm(name) {
  const q = parameters.find((x) => x.name === name);
  if (!q) return;
  // Ids and words written into attributes and text are escaped like every value (the name comes
  // from a rule file, the words from a catalogue a deployment may replace).
  const id = (s) => esc(`${s}-${name}`);
  const keySelect = q.keys ? `<p><label for="${id("key")}">${esc(q.by_label || q.by)}</label><br><select id="${id("key")}">${q.keys.map((k) => `<option value="${esc(k.key)}">${esc(k.label)}</option>`).join("")}</select></p>` : "";
  $("form-" + name).innerHTML = `<form class="add-value" data-parameter="${esc(name)}" novalidate>
      ${keySelect}
      <p><label for="${id("from")}">${esc(t("valueFrom"))}</label><br><input id="${id("from")}" name="from" inputmode="numeric" placeholder="${esc(t("datePlaceholder"))}" required style="width: 8rem"> <span class="meta" id="${id("fromHint")}" aria-live="polite"></span></p>
      <p><label for="${id("value")}">${esc(t("value"))} (${esc(q.type)})</label><br><input id="${id("value")}" name="value" inputmode="decimal" required style="width: 10rem"> <span class="meta" id="${id("valueHint")}" aria-live="polite"></span></p>
      <p><label for="${id("source")}">${esc(t("valueSource"))}</label><br><input id="${id("source")}" name="source" required style="width: 100%"></p>
      <p id="${id("correction")}" hidden><label for="${id("reason")}">${esc(t("correctionReason"))}</label><br><input id="${id("reason")}" name="reason" style="width: 100%">
        <span class="warning" id="${id("reached")}" role="status" hidden></span></p>
      <p><button type="submit" id="${id("submit")}">${esc(t("addToDraft"))}</button> <span id="${id("state")}" role="status"></span></p></form>`;
  const form = $("form-" + name).querySelector("form");
  const el = (s) => document.getElementById(`${s}-${name}`);
  const check = () => {
    const from = el("from").value.trim(), value = el("value").value.trim().replace(",", ".").replace(/\s/g, "");
    const key = q.keys ? el("key").value : null, last = lastDate(q, key);
    const dateOK = /^\d{4}-\d{2}-\d{2}$/.test(from) && !isNaN(Date.parse(from));
    el("fromHint").textContent = !from ? (last ? `${t("lastValueFrom")} ${last}` : "") : dateOK ? (last && from <= last ? t("changesHistory") : "") : t("notADate");
    el("correction").hidden = !(dateOK && last && from <= last);
    // A value for days already decided: how many audited decisions those days hold.
    if (!el("correction").hidden && el("reached").dataset.asked !== from + "|" + (key || "")) {
      el("reached").dataset.asked = from + "|" + (key || "");
      api(`/v1/parameters/${encodeURIComponent(name)}/decisions?from=${encodeURIComponent(from)}&lang=${lang}` + (key ? `&key=${encodeURIComponent(key)}` : ""))
        .then((r) => {
          el("reached").hidden = false;
          el("reached").textContent = t("decisionsReached").replace("{n}", num(r.decisions)).replace("{from}", r.from).replace("{until}", r.until || t("today"))
            + (r.undated ? " " + t("undatedDecisions").replace("{n}", num(r.undated)) : "") + " " + t("replayHint");
        }).catch(() => { el("reached").hidden = true; });
    }
    const numeric = q.kind === "boolean" ? /^(true|false)$/.test(value) : q.kind === "integer" ? /^-?\d+$/.test(value) : /^-?\d+(\.\d{1,6})?$/.test(value);
    el("valueHint").textContent = value && !numeric ? t("notANumber") : "";
    return dateOK && numeric && el("source").value.trim() !== "" && (el("correction").hidden || el("reason").value.trim() !== "");
  };
  form.addEventListener("input", check);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!check()) { el("state").textContent = t("fillTheForm"); el("state").className = "status-bad"; return; }
    try {
      if (!draft) {
        const d = await api("/v1/drafts?name=" + encodeURIComponent(t("valuesDraft")), { method: "POST" });
        await refresh();
        await openDraft(d.id);
      }
      const body = { parameter: name, key: q.keys ? el("key").value : null, from: el("from").value.trim(), value: el("value").value.trim(),
                     source: el("source").value.trim(), reason: el("correction").hidden ? null : el("reason").value.trim() };
      const r = await api(`/v1/drafts/${encodeURIComponent(draft.id)}/parameters/values?lang=${lang}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      el("state").className = r.ok ? "status-ok" : "status-bad";
      el("state").textContent = `${t("addedToDraft")} «${draft.name}»` + (r.ok ? "" : ` · ${t("diagnostics")}: ${r.errors}`);
      // The draft opens on the file the value went into, at its line.
      if (r.saved) file = r.saved;
      await openDraftKeepResults();
      if (r.saved && r.line) await gotoLine(r.saved, r.line);
    } catch (e) {
      el("state").className = "status-bad";
      el("state").innerHTML = e.apiError ? messageHTML(e.apiError.raw) : esc(e.message);
    }
  });
}

// MARK: A draft in the editor

async function openDraft(id) {
  try {
    const other = !draft || draft.id !== id;
    draft = await api("/v1/drafts/" + encodeURIComponent(id));
    if (other) { draftErrors = 0; draftFailing = 0; }
    $("draftPanel").hidden = false;
    $("draftTitle").textContent = `${t("workbench")}: ${draft.name}`;
    $("draftMeta").textContent = `${t("author")}: ${who(draft.author)} · ${t("base")}: ${draft.base_version}` + (draft.base_is_live ? "" : ` · ${t("baseMoved")}`);
    showApproval();
    if ($("conditionsBox").open) await loadConditions();
    $("fileSelect").innerHTML = draft.files.map((f) => `<option value="${esc(f.path)}">${esc(f.path)}${f.changed ? " •" : ""}</option>`).join("");
    const keep = file && draft.files.some((f) => f.path === file) ? file : (draft.files.find((f) => f.path.startsWith("parameters/")) || draft.files[0]).path;
    $("fileSelect").value = keep;
    await loadFile(keep);
    $("results").innerHTML = "";
    $("draftPanel").scrollIntoView({ block: "start" });
  } catch (e) {
    $("results").innerHTML = errorBox(e);
  }
}

// Four eyes: where a second officer's approval is needed, say whether the draft has it (as it is
// now), and offer publishing only then; a workstation says it publishes without one.
function showApproval() {
  const a = draft.approval;
  $("approveButton").hidden = !draft.approval_required;
  updatePublish();
  $("approvalState").textContent = !draft.approval_required ? t("noApprovalNeeded")
    : a && a.current ? `${t("approvedBy")} ${a.by} (${a.at.slice(0, 16).replace("T", " ")})`
    : a ? t("changedSinceApproval") : t("approvalNeeded");
}
async function approve() {
  try {
    await api(`/v1/drafts/${encodeURIComponent(draft.id)}/approve?lang=${lang}`, { method: "POST" });
    await openDraftKeepResults();
  } catch (e) { $("results").innerHTML = errorBox(e); }
}

async function loadFile(path) {
  const res = await authorizedFetch(`/v1/drafts/${encodeURIComponent(draft.id)}/file?path=${encodeURIComponent(path)}`);
  const text = await res.text();
  if (!res.ok) { $("results").innerHTML = errorBox(text); return; }
  file = path; savedText = text;
  $("editor").value = text;
  drawGutter([]);
  $("saveState").textContent = "";
  check();
}

function drawGutter(diagnostics) {
  const lines = $("editor").value.split("\n").length;
  const bad = new Set(diagnostics.filter((d) => d.severity === "error" && d.file.endsWith("/" + file)).map((d) => d.line));
  let out = "";
  for (let i = 1; i <= lines; i++) out += (bad.has(i) ? "● " : "  ") + String(i).padStart(4) + "\n";
  $("gutter").textContent = out;
  $("gutter").scrollTop = $("editor").scrollTop;
}

// Publishing is offered only for a draft that checks, whose last test run had no failure, and
// (where four eyes are asked for) that a second officer approved as it is.
let draftErrors = 0, draftFailing = 0;
function updatePublish() {
  if (!draft) return;
  const a = draft.approval;
  const approved = !draft.approval_required || (a && a.current);
  $("publishButton").disabled = !approved || draftErrors > 0 || draftFailing > 0;
  $("publishButton").title = draftErrors > 0 ? t("publishNeedsCheck") : draftFailing > 0 ? t("publishNeedsTests") : "";
}

function showDiagnostics(r) {
  const mine = r.diagnostics.filter((d) => d.severity === "error");
  draftErrors = mine.length;
  updatePublish();
  drawGutter(r.diagnostics);
  if (mine.length === 0) {
    $("diagnostics").innerHTML = `<p class="status-ok" id="checkState">${t("noErrors")}${r.warnings ? ` · ${r.warnings} ⚠` : ""}</p>`;
    return;
  }
  // One typo often makes several errors (`lable:` is an unknown key, and then `label:` is
  // missing): the one to fix is shown first and large — the first that says what was meant (a
  // "did you mean"), else the first — and the others wait under "more".
  const item = (d) => `<li><button class="small" data-goto="${esc(d.file)}|${esc(d.line || 1)}">${esc(d.file)}:${esc(d.line || "?")}:${esc(d.column || "?")}</button>
      <b>${esc(d.title)}</b> <code>${esc(d.code)}</code> ${messageHTML(d.message)}${d.help ? `<div class="detail">${messageHTML(d.help)}</div>` : ""}</li>`;
  const first = mine.find((d) => d.help) || mine[0], rest = mine.filter((d) => d !== first);
  $("diagnostics").innerHTML = `<p class="status-bad" id="checkState">${t("diagnostics")}: ${mine.length}</p><ul class="diag-list diag-first">${item(first)}</ul>` +
    (rest.length ? `<details><summary>${t("moreErrors")}: ${rest.length}</summary><ul class="diag-list">${rest.map(item).join("")}</ul></details>` : "");
}

// Checks the text in the editor as it is, unsaved: what the officer sees while typing.
async function check() {
  if (!draft || !file) return;
  const seq = ++checkSeq;
  $("diagnostics").innerHTML = `<p class="meta">${t("checking")}</p>`;
  try {
    const r = await api(`/v1/drafts/${encodeURIComponent(draft.id)}/check?lang=${lang}&path=${encodeURIComponent(file)}`, { method: "POST", body: $("editor").value, headers: { "content-type": file.endsWith(".json") ? "application/json" : "application/yaml" } });
    if (seq === checkSeq) showDiagnostics(r);
  } catch (e) {
    if (seq === checkSeq) $("diagnostics").innerHTML = errorBox(e);
  }
}

async function save() {
  try {
    const r = await api(`/v1/drafts/${encodeURIComponent(draft.id)}/file?lang=${lang}&path=${encodeURIComponent(file)}`, { method: "PUT", body: $("editor").value, headers: { "content-type": file.endsWith(".json") ? "application/json" : "application/yaml" } });
    savedText = $("editor").value;
    $("saveState").textContent = t("saved");
    // An approval is of the draft as it was: a saved change needs approving again.
    if (draft.approval) draft.approval.current = false;
    showApproval();
    showDiagnostics(r);
  } catch (e) {
    $("results").innerHTML = errorBox(e);
  }
}

// Shows `line` of the draft's file that `path` names (a diagnostic's path: the rules directory's
// name, or an absolute one, before the file's path in the rules), selected in the editor.
async function gotoLine(path, line) {
  const f = draft.files.find((f) => path === f.path || path.endsWith("/" + f.path));
  if (f && f.path !== file) { await ensureSaved(); $("fileSelect").value = f.path; await loadFile(f.path); }
  const ed = $("editor"), lines = ed.value.split("\n");
  const start = lines.slice(0, Number(line) - 1).join("\n").length + (Number(line) > 1 ? 1 : 0);
  ed.focus(); ed.setSelectionRange(start, start + (lines[Number(line) - 1] || "").length);
  ed.scrollTop = Math.max(0, (Number(line) - 5) * 18);
}

async function ensureSaved() { if ($("editor").value !== savedText) await save(); }

function testsHTML(r) {
  draftFailing = r.ran === false ? 0 : r.failed;
  updatePublish();
  if (r.ran === false) return `<p class="status-bad">${t("diagnostics")}: ${r.errors}</p>`;
  let html = `<p class="${r.failed ? "status-bad" : "status-ok"}" id="testsState">${t("tests")}: ${r.passed} ✔ · ${r.failed} ✘</p>`;
  // Each changed expectation, old → new, accepted one by one; a name that says the opposite is flagged.
  if (r.failures.length) html += `<ul>` + r.failures.map((f) => `<li><b>${asWritten(f.name)}</b> <span class="meta">${esc(f.file)}:${esc(f.line ?? "?")}</span>${f.household ? `<div class="detail household">${t("householdWord")}: ${esc(f.household)}</div>` : ""}<div class="detail">${f.failures.map(esc).join("<br>")}</div>` +
    (f.changes || []).map((c) => `<div class="change"><code>${esc(c.key)}</code>: <s><code>${esc(c.old)}</code></s> → <b><code>${esc(c.new)}</code></b> ` +
      (c.name_contradicts ? `<span class="status-bad">${esc(t("renameFirst"))}</span>
        <span class="rename"><label for="rename-${esc(c.id)}">${t("newTestName")}</label> <input id="rename-${esc(c.id)}" value="${esc(f.name)}" maxlength="300" style="width: 24rem">
        <button type="button" class="small" data-rename="${esc(c.id)}" data-file="${esc(f.file)}" data-line="${esc(f.line)}" data-key="${esc(c.key)}">${t("renameAccept")}</button></span>`
        : `<button type="button" class="small" data-accept-change="${esc(c.id)}">${t("acceptOne")}</button>`) + `</div>`).join("") + `</li>`).join("") + `</ul>`;
  return html;
}

async function runTests() {
  await ensureSaved();
  $("results").innerHTML = `<p class="meta">${t("running")}</p>`;
  try {
    $("results").innerHTML = testsHTML(await api(`/v1/drafts/${encodeURIComponent(draft.id)}/tests?lang=${lang}`, { method: "POST" }));
  } catch (e) { $("results").innerHTML = errorBox(e); }
}

async function acceptResults() {
  await ensureSaved();
  try {
    const r = await api(`/v1/drafts/${encodeURIComponent(draft.id)}/tests/accept?lang=${lang}`, { method: "POST" });
    let html = `<h3>${t("accepted")}: ${r.accepted.length}</h3><table class="grid"><thead><tr><th>${t("file")}</th><th>${t("runTests")}</th><th>${t("kind")}</th><th>${t("before")}</th><th>${t("after")}</th></tr></thead><tbody>` +
      r.accepted.map((a) => `<tr><td>${esc(a.file)}:${esc(a.line)}</td><td>${asWritten(a.test)}</td><td><code>${esc(a.key)}</code></td><td><code>${esc(a.old)}</code></td><td><code>${esc(a.new)}</code></td></tr>`).join("") + `</tbody></table>`;
    const refused = (r.refused || []).map((a) => `<li>${esc(a.file)}:${esc(a.line)} — ${messageHTML(a.reason)}</li>`).join("");
    $("results").innerHTML = html + (refused ? `<h3 class="status-bad">${t("notAccepted")}</h3><ul id="refusedChanges">${refused}</ul>` : "") + testsHTML(Object.assign({ ran: true }, r));
    await openDraftKeepResults();
  } catch (e) { $("results").innerHTML = errorBox(e); }
}

// One change accepted by itself (after the officer reviewed it): the tests run again.
async function acceptOne(id) {
  await ensureSaved();
  try {
    await api(`/v1/drafts/${encodeURIComponent(draft.id)}/tests/accept?lang=${lang}&change=${encodeURIComponent(id)}`, { method: "POST" });
    await openDraftKeepResults();
    await runTests();
  } catch (e) { $("results").innerHTML = errorBox(e); }
}
document.addEventListener("click", (ev) => {
  const b = ev.target.closest("button[data-accept-change]");
  if (b) acceptOne(b.dataset.acceptChange);
});

// A test whose name says the opposite of its new result: renamed here (its `name:` line rewritten
// in its file — the officer never sees the YAML), then its change accepted and the tests run again.
async function renameAndAccept(b) {
  await ensureSaved();
  const name = $("rename-" + b.dataset.rename).value.trim();
  const path = draft.files.find((f) => b.dataset.file === f.path || b.dataset.file.endsWith("/" + f.path));
  if (!name || !path) return;
  try {
    const res = await authorizedFetch(`/v1/drafts/${encodeURIComponent(draft.id)}/file?path=${encodeURIComponent(path.path)}`);
    const lines = (await res.text()).split("\n"), i = Number(b.dataset.line) - 1;
    const m = /^(\s*-?\s*name:\s*)/.exec(lines[i] || "");
    if (!m) return;
    lines[i] = m[1] + JSON.stringify(name);
    await api(`/v1/drafts/${encodeURIComponent(draft.id)}/file?path=${encodeURIComponent(path.path)}&lang=${lang}`, { method: "PUT", headers: { "content-type": "application/yaml" }, body: lines.join("\n") });
    const r = await api(`/v1/drafts/${encodeURIComponent(draft.id)}/tests?lang=${lang}`, { method: "POST" });
    const f = r.failures.find((x) => x.file === b.dataset.file && String(x.line) === b.dataset.line);
    const c = f && (f.changes || []).find((x) => x.key === b.dataset.key && !x.name_contradicts);
    if (c) await acceptOne(c.id); else $("results").innerHTML = testsHTML(r);
  } catch (e) { $("results").innerHTML = errorBox(e); }
}
document.addEventListener("click", (ev) => {
  const b = ev.target.closest("button[data-rename]");
  if (b) renameAndAccept(b);
});

async function openDraftKeepResults() {
  const keep = $("results").innerHTML;
  await openDraft(draft.id);
  $("results").innerHTML = keep;
}

function decisionLine(d) {
  return `<span class="badge ${esc(d.status)}">${esc(d.status_text)}</span>${d.amount_text ? ` <span class="amount">${esc(d.amount_text)}</span>` : ""}`;
}

// The impact runs as a job on the service: started here, its progress bar moving as the
// households are decided, cancellable; its result kept behind a link (#draft=…&impact=…) that any
// policy officer of the service can open.
let impactPoll = null;
async function runImpact() {
  await ensureSaved();
  clearTimeout(impactPoll);
  try {
    const n = $("households").value, seed = $("seed").value, dated = $("applicationDate").value.trim();
    const job = await api(`/v1/drafts/${encodeURIComponent(draft.id)}/impact-jobs?lang=${lang}&households=${encodeURIComponent(n)}&seed=${encodeURIComponent(seed)}` +
      (dated ? `&application_date=${encodeURIComponent(dated)}` : ""), { method: "POST" });
    followImpact(job.id);
  } catch (e) {
    // 409: the draft does not check — its errors are shown under the editor.
    if (e.status === 409 && e.apiError && e.apiError.code === "draft-does-not-check") { $("results").innerHTML = `<p class="status-bad" id="impactRefused">${t("impactNeedsCheck")}</p>`; return; }
    $("results").innerHTML = errorBox(e);
  }
}

function followImpact(id) {
  history.replaceState(null, "", `#draft=${encodeURIComponent(draft ? draft.id : "")}&impact=${encodeURIComponent(id)}`);
  $("results").innerHTML = `<div id="impactJob"><p><label for="impactProgress" id="impactProgressLabel">${t("impactRunning")}</label>
    <progress id="impactProgress" max="1" value="0"></progress> <span id="impactProgressText" class="meta" aria-live="polite"></span>
    <button type="button" class="small" id="impactCancel">${t("cancelImpact")}</button></p></div>`;
  $("impactCancel").addEventListener("click", async () => {
    // Stopped and forgotten: the page says so and stops asking.
    try {
      const job = await api(`/v1/impact-jobs/${encodeURIComponent(id)}?lang=${lang}`, { method: "DELETE" });
      clearTimeout(impactPoll);
      $("results").innerHTML = `<p class="status-bad" id="impactEnded">${esc(job.state_text)}</p>`;
    } catch (e) { $("results").innerHTML = errorBox(e); }
  });
  pollImpact(id);
}

async function pollImpact(id) {
  let job;
  try { job = await api(`/v1/impact-jobs/${encodeURIComponent(id)}?lang=${lang}`); }
  catch (e) { $("results").innerHTML = errorBox(e); return; }
  const bar = $("impactProgress");
  if (job.state === "queued" || job.state === "running") {
    if (bar) {
      bar.value = Number(job.progress.fraction);
      const total = job.population.kind === "generated" ? ` / ${num(job.population.households)}` : "";
      $("impactProgressText").textContent = `${job.state_text}: ${num(job.progress.households)}${total} ${word(job.progress.households, "householdsCount")}`;
    }
    impactPoll = setTimeout(() => pollImpact(id), 400);
    return;
  }
  if (job.state !== "done") {
    $("results").innerHTML = `<p class="status-bad" id="impactEnded">${esc(job.state_text)}${job.error ? ": " + esc(job.error) : ""}</p>`;
    return;
  }
  $("results").innerHTML = impactHTML(job);
  $("impactCsv").addEventListener("click", async () => {
    const res = await authorizedFetch(job.links.csv.replace(/lang=[a-z]+/, "lang=" + lang));
    const a = document.createElement("a"); a.href = URL.createObjectURL(await res.blob());
    a.download = `impact-${job.draft}-${lang}.csv`; a.click();
  });
}

// A bar chart as SVG, drawn here: one bar a row, positive to the right of the axis and negative to
// the left (or all from the left when none is negative); the values are also in the table beside it.
function barsSVG(rows, id, title) {
  const max = Math.max(1, ...rows.map((r) => Math.abs(r.value)));
  const neg = rows.some((r) => r.value < 0);
  const W = 640, labelW = 190, H = 24 * rows.length + 8, zero = neg ? labelW + (W - labelW - 110) / 2 : labelW, span = neg ? (W - labelW - 110) / 2 : W - labelW - 110;
  let svg = `<svg id="${id}" class="chart" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>`;
  svg += `<line x1="${zero}" y1="0" x2="${zero}" y2="${H}" stroke="#888"/>`;
  rows.forEach((r, i) => {
    const y = 4 + i * 24, w = Math.abs(r.value) / max * span, x = r.value < 0 ? zero - w : zero;
    svg += `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end" font-size="12">${esc(r.label)}</text>`;
    svg += `<rect data-bar="${esc(r.key)}" x="${x}" y="${y + 3}" width="${Math.max(w, r.value ? 1 : 0)}" height="16" fill="${r.value < 0 ? "#b03a2e" : "#1e8449"}"/>`;
    svg += `<text x="${r.value < 0 ? zero + 4 : x + w + 4}" y="${y + 15}" font-size="12">${esc(r.text)}</text>`;
  });
  return svg + `</svg>`;
}

function impactHTML(job) {
  const rep = job.report, b = rep.breakdown;
  const changed = rep.programs.filter((p) => p.gains || p.losses || Number(p.monthly_cost_change));
  const totalMonthly = rep.programs.reduce((s, p) => s + Number(p.monthly_cost_change || 0), 0);
  const share = location.origin + `/policy#draft=${encodeURIComponent(job.draft)}&impact=${encodeURIComponent(job.id)}`;
  let html = `<h3 id="impactTitle">${t("impact")}: ${num(rep.households)} ${word(rep.households, "householdsCount")}</h3>
    <p class="meta">${t("draftName")}: ${asWritten(job.draft_name)} · ${t("base")} <code>${esc(job.base_version)}</code>
      · <button type="button" class="small" id="impactCsv">${t("downloadCsv")}</button>
      · <a id="impactLink" href="${esc(share)}">${t("impactLink")}</a></p>
    <p id="impactTotals"><b>${t("monthlyChange")}: ${num(totalMonthly)} ₸</b> · <b>${t("annualChange")}: ${num(totalMonthly * 12)} ₸</b></p>
    <table class="grid" id="impactTable"><thead><tr><th>${t("program")}</th><th>${t("eligibleBefore")}</th><th>${t("eligibleAfter")}</th><th>${t("gains")}</th><th>${t("losses")}</th><th>${t("monthlyChange")}</th><th>${t("annualChange")}</th></tr></thead><tbody>` +
    (changed.length ? changed : rep.programs).map((p) => `<tr><td>${esc(p.title)}</td><td class="num">${num(p.eligible_before)}</td><td class="num">${num(p.eligible_after)}</td><td class="num">${num(p.gains)}</td><td class="num">${num(p.losses)}</td><td class="num">${num(p.monthly_cost_change)} ₸</td><td class="num">${num(p.annual_cost_change)} ₸</td></tr>`).join("") + `</tbody></table>`;
  // Households the rules cannot decide for want of a parameter value (a region's minimum not yet
  // entered for the quarter): the impact says nothing about them.
  const gaps = rep.programs.filter((p) => p.rules_gaps_before || p.rules_gaps_after);
  if (gaps.length) html += `<p class="warning" id="impactGaps">${t("impactGaps")}: ` + gaps.map((p) => `${esc(p.title)} ${num(p.rules_gaps_before)} → ${num(p.rules_gaps_after)}`).join("; ") + `</p>`;
  const groupCells = (g) => `<td class="num">${num(g.households)}</td><td class="num">${num(g.gainers)}</td><td class="num">${num(g.losers)}</td><td class="num">${num(g.monthly_cost_change)} ₸</td><td class="num">${num(g.annual_cost_change)} ₸</td>`;
  const groupHead = `<th>${t("householdsLabelShort")}</th><th>${t("gains")}</th><th>${t("losses")}</th><th>${t("monthlyChange")}</th><th>${t("annualChange")}</th>`;
  html += `<h4 id="regionTitle">${t("byRegion")}</h4><div class="impact-pair"><table class="grid" id="regionTable"><thead><tr><th>${t("region")}</th>${groupHead}</tr></thead><tbody>` +
    b.regions.map((g) => `<tr data-region="${esc(g.region || "")}"><td>${esc(g.label)}</td>${groupCells(g)}</tr>`).join("") + `</tbody></table>` +
    barsSVG(b.regions.map((g) => ({ key: g.region || "", label: g.label, value: Number(g.monthly_cost_change || 0), text: `${num(g.monthly_cost_change)} ₸` })), "regionChart", t("byRegion") + " — " + t("monthlyChange")) + `</div>`;
  html += `<h4>${t("byDecile")}</h4><table class="grid" id="decileTable"><thead><tr><th>${t("decile")}</th><th>${t("incomeUpTo")}</th>${groupHead}</tr></thead><tbody>` +
    b.deciles.map((g) => `<tr><td class="num">${esc(g.decile)}</td><td class="num">${num(g.income_up_to)} ₸</td>${groupCells(g)}</tr>`).join("") + `</tbody></table>`;
  const moved = b.histogram.filter((h) => !h.unchanged);
  const unchanged = (b.histogram.find((h) => h.unchanged) || { households: 0 }).households;
  const range = (h) => h.from === null ? `< ${num(h.to)} ₸` : h.to === null ? `> ${num(h.from)} ₸` : `${num(h.from)} … ${num(h.to)} ₸`;
  html += `<h4>${t("changeHistogram")}</h4><p class="meta">${t("unchangedHouseholds")}: ${num(unchanged)}</p>` +
    barsSVG(moved.map((h, i) => ({ key: String(i), label: range(h), value: (h.to !== null && h.to <= 0) ? -h.households : h.households, text: num(h.households) })), "changeChart", t("changeHistogram"));
  for (const p of changed) {
    if (!p.examples.length) continue;
    html += `<h4>${t("examples")}: ${esc(p.title)}</h4><ul class="examples">` +
      p.examples.map((x) => {
        const why = (d) => (d && d.conditions && d.conditions.children || []).filter((c) => c.decisive).map((c) => esc(c.reason || c.label)).join("; ");
        return `<li>${x.household ? `<b>${esc(x.household)}</b> <span class="meta">(${t("line")} ${esc(x.line)})</span>` : `${t("line")} ${esc(x.line)}`}: ${t("before")} ${decisionLine(x.before)} — ${why(x.before)}; ${t("after")} ${decisionLine(x.after)} — ${why(x.after)}</li>`;
      }).join("") + `</ul>`;
  }
  return html;
}

function diffHTML(files) {
  if (!files.length) return `<p>${t("noChanges")}</p>`;
  return files.map((f) => `<h4><code>${esc(f.path)}</code> (${esc(t("fileStatus_" + f.status))})</h4><pre class="diff">${f.diff.split("\n").map((l) =>
    `<span class="${l.startsWith("+") ? "add" : l.startsWith("-") ? "del" : l.startsWith("@@") ? "hunk" : ""}">${esc(l)}</span>`).join("\n")}</pre>`).join("");
}

async function showDiff() {
  await ensureSaved();
  try {
    const r = await api(`/v1/drafts/${encodeURIComponent(draft.id)}/diff`);
    $("results").innerHTML = `<h3>${t("diff")} · ${t("base")} <code>${esc(r.base_version)}</code> · ${counted(r.files.length, "changedFiles")}</h3>` + diffHTML(r.files);
  } catch (e) { $("results").innerHTML = errorBox(e); }
}

async function rebase() {
  await ensureSaved();
  try {
    const r = await api(`/v1/drafts/${encodeURIComponent(draft.id)}/rebase?lang=${lang}`, { method: "POST" });
    await openDraft(draft.id);
    $("results").innerHTML = `<p>${t("base")}: <code>${esc(r.base_version)}</code></p>` + (r.conflicts.length ? `<p class="status-bad">${t("conflicts")}: ${r.conflicts.map(esc).join(", ")}</p>` : "");
  } catch (e) { $("results").innerHTML = errorBox(e); }
}

async function publish() {
  await ensureSaved();
  if (!window.confirm(t("confirmPublish"))) return;
  try {
    const eff = $("effective").value.trim();
    const res = await authorizedFetch(`/v1/drafts/${encodeURIComponent(draft.id)}/publish?lang=${lang}&note=${encodeURIComponent($("note").value)}` + (eff ? `&effective_from=${encodeURIComponent(eff)}` : ""), { method: "POST" });
    const r = await res.json();
    if (res.status === 202) {
      $("results").innerHTML = `<p class="status-ok" id="publishState">${t("scheduled")}: <code>${esc(r.version)}</code> ${t("effectiveFrom").toLowerCase()} ${esc(r.effective_from)}</p>`;
      await refresh();
    } else if (res.ok) {
      $("results").innerHTML = `<p class="status-ok" id="publishState">${t("published")} <code>${esc(r.version)}</code></p>`;
      await refresh();
    } else if (r.diagnostics) {
      // Refused for the draft's state (409): what does not check, and the tests that fail.
      $("results").innerHTML = errorBox(r.error.message) + (r.diagnostics.length ? `<pre class="diag">${r.diagnostics.map((d) => esc(d.text)).join("\n\n")}</pre>` : "") +
        ((r.failed_tests || []).length ? `<h3>${t("failedTests")}</h3><pre class="diag">${r.failed_tests.map(esc).join("\n")}</pre>` : "");
    } else {
      $("results").innerHTML = errorBox(r.error ? r.error.message : String(res.status));
    }
  } catch (e) { $("results").innerHTML = errorBox(e); }
}

// MARK: Events

$("newDraft").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  try {
    const d = await api("/v1/drafts?name=" + encodeURIComponent($("draftName").value), { method: "POST" });
    $("draftName").value = "";
    await refresh();
    await openDraft(d.id);
  } catch (e) { $("results").innerHTML = errorBox(e); }
});
document.addEventListener("click", async (ev) => {
  const b = ev.target.closest("button");
  if (!b) return;
  if (b.dataset.open) openDraft(b.dataset.open);
  if (b.dataset.addValue) { valueForm(b.dataset.addValue); const first = $("form-" + b.dataset.addValue).querySelector("select, input"); if (first) first.focus(); }
  if (b.dataset.delete && window.confirm(t("confirmDelete"))) {
    try { await api("/v1/drafts/" + encodeURIComponent(b.dataset.delete), { method: "DELETE" }); } catch (e) { /* already gone */ }
    if (draft && draft.id === b.dataset.delete) { draft = null; $("draftPanel").hidden = true; }
    refresh();
  }
  if (b.dataset.goto) {
    const [path, line] = b.dataset.goto.split("|");
    await gotoLine(path, line);
  }
  if (b.dataset.fill) {
    // A gap in the rules in force: the figure goes into a draft (the one open, else a new one),
    // at the line of the region that lacks it.
    const [path, line] = b.dataset.fill.split("|");
    try {
      if (!draft) {
        const d = await api("/v1/drafts?name=" + encodeURIComponent(t("figuresDraft")), { method: "POST" });
        await refresh();
        await openDraft(d.id);
      }
      await gotoLine(path, line);
    } catch (e) { $("results").innerHTML = errorBox(e); }
  }
  if (b.dataset.cancelSchedule) {
    try { await api("/v1/rules/scheduled", { method: "DELETE" }); } catch (e) { $("historyDiff").innerHTML = errorBox(e); }
    refresh();
  }
  if (b.dataset.vdiff) {
    try {
      const r = await api(`/v1/rules/versions/${encodeURIComponent(b.dataset.vdiff)}/diff`);
      $("historyDiff").innerHTML = `<h3>${t("diff")}: <code>${esc(r.version)}</code> ↔ <code>${esc(r.against)}</code></h3>` + diffHTML(r.files);
    } catch (e) { $("historyDiff").innerHTML = errorBox(e); }
  }
  // Before a rollback is confirmed, say which scheduled version it cancels (one built on the rules in force).
  const sc = lastWorkbench && lastWorkbench.scheduled;
  const cancels = sc && sc.state === "pending" && sc.base_version !== b.dataset.rollback
    ? "\n\n" + t("rollbackCancels").replace("{version}", sc.version).replace("{date}", sc.effective_from) : "";
  if (b.dataset.rollback && window.confirm(t("confirmRollback") + cancels)) {
    try {
      const r = await api(`/v1/rules/versions/${encodeURIComponent(b.dataset.rollback)}/republish?lang=${lang}&note=${encodeURIComponent(t("rollback"))}`, { method: "POST" });
      $("historyDiff").innerHTML = `<p class="status-ok">${t("published")} <code>${esc(r.version)}</code></p>` +
        (r.cancelled_schedule ? `<p class="status-bad" id="scheduleCancelled">${esc(r.cancelled_schedule.reason)}</p>` : "");
      refresh();
    } catch (e) { $("historyDiff").innerHTML = errorBox(e); }
  }
});
$("parameterSearch").addEventListener("input", filterParameters);
$("fileSelect").addEventListener("change", async () => { await ensureSaved(); loadFile($("fileSelect").value); });
$("saveButton").addEventListener("click", save);
$("testsButton").addEventListener("click", runTests);
$("acceptButton").addEventListener("click", acceptResults);
$("impactButton").addEventListener("click", runImpact);
$("diffButton").addEventListener("click", showDiff);
$("rebaseButton").addEventListener("click", rebase);
$("publishButton").addEventListener("click", publish);
$("approveButton").addEventListener("click", approve);
$("closeButton").addEventListener("click", async () => { await ensureSaved(); draft = null; file = null; $("draftPanel").hidden = true; });
// Enter keeps the line's indentation (one step more after a `key:` that opens a block), as YAML needs.
$("editor").addEventListener("keydown", (ev) => {
  if (ev.key !== "Enter" || ev.shiftKey || ev.ctrlKey || ev.altKey || ev.metaKey || ev.isComposing) return;
  const ed = ev.target, at = ed.selectionStart, before = ed.value.slice(0, at);
  const line = before.slice(before.lastIndexOf("\n") + 1);
  let indent = (line.match(/^ */) || [""])[0];
  if (/:\s*$/.test(line) && !/^\s*#/.test(line)) indent += "  ";
  else if (/^\s*- /.test(line) && /:\s*$/.test(line)) indent += "  ";
  ev.preventDefault();
  ed.setRangeText("\n" + indent, at, ed.selectionEnd, "end");
  ed.dispatchEvent(new Event("input"));
});
$("editor").addEventListener("input", () => {
  $("saveState").textContent = $("editor").value === savedText ? "" : t("unsaved");
  drawGutter([]);
  clearTimeout(checkTimer);
  checkTimer = setTimeout(check, 500);
});
$("editor").addEventListener("scroll", () => { $("gutter").scrollTop = $("editor").scrollTop; });
$("editor").addEventListener("keydown", (ev) => {
  if ((ev.ctrlKey || ev.metaKey) && ev.key === "s") { ev.preventDefault(); save(); }
});

function rerender() {
  labels();
  for (const k of Object.keys(shown)) delete shown[k];
  refresh(); staticParts();
  if (draft) check();
}
header("policy", rerender);
labels();
refresh();
staticParts();
// A shared impact link: the draft opened, the job's progress or result shown.
(async () => {
  const m = /^#draft=([A-Za-z0-9-]{1,64})&impact=([a-f0-9-]{1,64})$/.exec(location.hash);
  if (!m) return;
  try { await openDraft(m[1]); } catch (e) { /* a deleted draft: the result is still shown */ }
  followImpact(m[2]);
})();
setInterval(refresh, 3000);
