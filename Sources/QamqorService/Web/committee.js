// The grant committee's page: rank a round, read the shortlist in the page's language, sort and
// filter it, see why one application ranks above another, download it or print it.
let fileText = null, fileName = "", lastRanking = null, sortKey = "rank", sortDir = 1;
// The rows ticked for comparison, by id: they stay ticked when the table is sorted or filtered.
const picks = new Set();
const $ = (id) => document.getElementById(id);

function texts() {
  $("programLabel").textContent = t("program");
  $("roundLabel").textContent = t("round");
  $("rank").textContent = t("rank");
  $("csv").textContent = t("downloadCsv");
  $("xlsx").textContent = t("downloadXlsx");
  $("print").textContent = t("printable");
  $("filterLabel").textContent = t("search");
  $("statusFilterLabel").textContent = t("statusCol");
  $("roundHint").textContent = t("roundHint");
}
async function programs() {
  const p = await api("/v1/programs?lang=" + lang);
  const sel = $("program"), current = sel.value;
  sel.innerHTML = p.programs.filter((x) => x.grant).map((x) => `<option value="${esc(x.id)}" ${x.id === current ? "selected" : ""}>${esc(x.title)}</option>`).join("");
}
function contentType() { return fileName.endsWith(".csv") ? "text/csv" : "application/x-ndjson"; }
async function post(format, extra = "") {
  const program = $("program").value;
  const res = await authorizedFetch(`/v1/rankings?program=${encodeURIComponent(program)}&format=${format}&lang=${lang}&name=${encodeURIComponent(fileName || "round")}${extra}`,
    { method: "POST", headers: { "content-type": contentType() }, body: fileText });
  if (!res.ok) { const b = await res.json(); const e = new Error(b.error.message + (b.error.details ? "\n" + b.error.details.join("\n") : "")); throw e; }
  return res;
}
const fmt = (n) => n == null ? "" : Number(n).toLocaleString("en-US", { maximumFractionDigits: 2 }).replace(/,/g, "\u00a0").replace(".", lang === "en" ? "." : ",");

function summary(r) {
  const total = r.applications.length;
  const ineligible = (r.counts.ineligible || 0) + (r.counts.undetermined || 0);
  let html = `<p><b>${esc(r.title)}</b> · <span id="roundName">${esc(r.round)}</span> · ${esc(r.round_date)} · ${t("rules")} ${esc(r.rules_version)}</p>
    <p>${r.statuses.map((s) => `${esc(s.label)}: <b>${s.count}</b>`).join(" · ")}</p>
    <p>${t("passMark")}: <b id="passMark">${fmt(r.pass_mark)}</b> · ${t("budget")}: ${fmt(r.budget.used)} ₸ ${t("used")}${r.budget.total ? " / " + fmt(r.budget.total) + " ₸" : ""}${r.budget.grants ? " · " + r.budget.funded + " / " + r.budget.grants : ""}</p>`;
  if (total > 0 && ineligible * 2 > total) html += `<div class="warning" role="alert" id="programWarning">${t("wrongProgram")} (${ineligible} / ${total})</div>`;
  if (r.rejected.length) html += `<div class="error-box">${t("rejected")}:\n${r.rejected.map((x) => esc(x.message)).join("\n")}</div>`;
  if ((r.shared_iins || []).length) html += `<div class="warning">${r.shared_iins.map((x) => esc(x.message)).join("<br>")}</div>`;
  $("summary").innerHTML = html;
}

function columns(r) {
  return [["rank", t("rankCol"), true], ["id", t("idCol"), false], ["applicant", t("applicantCol"), false], ["region", t("regionCol"), false], ["status", t("statusCol"), false],
    ["total", t("totalCol"), true]].concat(r.criteria.map((c) => ["c:" + c.id, c.cap != null ? `${c.label} (≤ ${fmt(c.cap)})` : c.label, true])).concat([["grant", t("grantCol"), true], ["reason", t("reasonCol"), false]]);
}
function cellValue(a, key) {
  if (key.startsWith("c:")) return a.points[key.slice(2)];
  if (key === "status") return a.status_label;
  if (key === "region") return a.region_label || a.region;
  return a[key];
}

function renderTable() {
  const r = lastRanking;
  if (!r) return;
  const q = $("filterText").value.trim().toLowerCase(), st = $("statusFilter").value;
  const cols = columns(r);
  const numeric = Object.fromEntries(cols.map((c) => [c[0], c[2]]));
  let rows = r.applications.filter((a) => (!st || a.status === st) &&
    (!q || [a.id, a.applicant, a.reason, a.status_label, a.region_label].some((x) => String(x || "").toLowerCase().includes(q))));
  rows = rows.slice().sort((x, y) => {
    let a = cellValue(x, sortKey), b = cellValue(y, sortKey);
    const none = (v) => v === null || v === undefined || v === "";
    if (none(a) && none(b)) return 0; if (none(a)) return 1; if (none(b)) return -1;
    if (numeric[sortKey]) { a = Number(a); b = Number(b); return (a - b) * sortDir; }
    return String(a).localeCompare(String(b), lang) * sortDir;
  });
  $("shownCount").textContent = `${rows.length} / ${r.applications.length}`;
  const head = cols.map(([key, label]) => `<th scope="col" aria-sort="${key === sortKey ? (sortDir > 0 ? "ascending" : "descending") : "none"}"><button type="button" class="sort" data-sort="${esc(key)}">${esc(label)}${key === sortKey ? (sortDir > 0 ? " ▲" : " ▼") : ""}</button></th>`).join("");
  $("table").innerHTML = `<table class="grid ranking" id="ranking"><thead><tr><th scope="col"><span class="visually-hidden">${t("compare")}</span></th>${head}</tr></thead><tbody>` +
    rows.map((a) => `<tr class="${esc(a.status)}" data-id="${esc(a.id)}"><td><input type="checkbox" class="pick" value="${esc(a.id)}" ${picks.has(a.id) ? "checked" : ""} aria-label="${esc(t("compare"))} ${esc(a.id)}"></td><td>${esc(a.rank ?? "—")}</td><td class="id">${esc(a.id)}</td><td>${esc(a.applicant)}</td><td>${esc(a.region_label || a.region || "")}</td><td>${esc(a.status_label)}</td><td class="num">${fmt(a.total)}</td>` +
      r.criteria.map((c) => `<td class="num">${fmt(a.points[c.id])}</td>`).join("") + `<td class="num">${a.grant ? fmt(a.grant) + " ₸" : ""}</td><td class="reason">${esc(a.reason || "")}</td></tr>`).join("") + `</tbody></table>`;
}

function render(r) {
  lastRanking = r;
  picks.clear();
  summary(r);
  $("statusFilter").innerHTML = `<option value="">${t("filter_all")}</option>` + r.statuses.filter((s) => s.count).map((s) => `<option value="${esc(s.status)}">${esc(s.label)} (${s.count})</option>`).join("");
  $("tools").hidden = false;
  $("roundHint").hidden = true;
  $("sampleRounds").hidden = true;
  $("comparison").innerHTML = "";
  renderTable();
  $("csv").disabled = false;
  $("xlsx").disabled = false;
  $("print").disabled = false;
}
async function rank() {
  $("error").innerHTML = "";
  if (!fileText) return;
  try { render(await (await post("json")).json()); }
  catch (e) { $("error").innerHTML = `<div class="error-box" role="alert">${esc(e.message)}</div>`; }
}
async function compare() {
  const picked = [...picks];
  if (picked.length !== 2) { $("comparison").innerHTML = picked.length > 2 ? `<p class="meta">${t("pickTwo")}</p>` : ""; return; }
  try {
    const r = await (await post("json", `&compare=${encodeURIComponent(picked[0])}&compare=${encodeURIComponent(picked[1])}`)).json();
    $("comparison").innerHTML = `<div class="panel-note" id="comparisonText"><b>${t("whyAbove")}</b><pre>${esc(r.comparison)}</pre></div>`;
  } catch (e) { $("comparison").innerHTML = `<div class="error-box">${esc(e.message)}</div>`; }
}

$("round").addEventListener("change", async (e) => {
  const f = e.target.files[0]; if (!f) return;
  fileName = f.name; fileText = await f.text();
  // A household file is not a round: say so, rather than what a round's reader would.
  if (/\.ya?ml$/i.test(fileName) || /^\s*\{\s*"(application|members|facts)"/.test(fileText)) {
    $("error").innerHTML = `<div class="error-box" role="alert" id="notRound">${esc(t("householdNotRound"))}</div>`;
    fileText = null; return;
  }
  rank();
});
$("rank").addEventListener("click", rank);
$("program").addEventListener("change", rank);
$("filterText").addEventListener("input", renderTable);
$("statusFilter").addEventListener("change", renderTable);
document.addEventListener("click", (ev) => {
  const b = ev.target.closest("button[data-sort]");
  if (b) {
    const k = b.dataset.sort; if (k === sortKey) sortDir = -sortDir; else { sortKey = k; sortDir = 1; } renderTable();
    // Focus stays on the heading the user sorted by.
    const again = document.querySelector(`button[data-sort="${CSS.escape(k)}"]`); if (again) again.focus();
  }
});
document.addEventListener("change", (ev) => {
  if (!ev.target.classList || !ev.target.classList.contains("pick")) return;
  if (ev.target.checked) picks.add(ev.target.value); else picks.delete(ev.target.value);
  compare();
});
$("csv").addEventListener("click", async () => {
  const blob = await (await post("csv", "&csv_headers=labels")).blob();
  const a = document.createElement("a"); a.href = URL.createObjectURL(blob);
  a.download = (fileName ? fileName.replace(/\.[^.]+$/, "") : (lastRanking ? lastRanking.program : "ranking")) + "-" + lang + ".csv"; a.click();
});
$("xlsx").addEventListener("click", async () => {
  const blob = await (await post("xlsx")).blob();
  const a = document.createElement("a"); a.href = URL.createObjectURL(blob);
  a.download = (fileName ? fileName.replace(/\.[^.]+$/, "") : (lastRanking ? lastRanking.program : "ranking")) + "-" + lang + ".xlsx"; a.click();
});
// The empty page offers the service's sample rounds; one opens with the grant programme whose id
// its name best matches (`state-grant-…` → state_business_grant, `isker-ana-…` → isker_ana).
async function sampleRounds() {
  const box = $("sampleRounds");
  try {
    const list = (await api("/v1/sample-rounds")).rounds;
    box.innerHTML = list.length ? `<span class="meta">${esc(t("sampleRounds"))}</span> ` + list.map((n) => `<button type="button" class="small" data-round="${esc(n)}">${esc(n)}</button>`).join(" ") : "";
  } catch (e) { box.innerHTML = ""; }
}
document.addEventListener("click", async (ev) => {
  const b = ev.target.closest("button[data-round]");
  if (!b) return;
  const res = await authorizedFetch("/v1/sample-rounds/" + encodeURIComponent(b.dataset.round));
  if (!res.ok) return;
  fileName = b.dataset.round; fileText = await res.text();
  const words = fileName.toLowerCase().split(/[^a-z]+/);
  let best = null, score = 0;
  for (const o of $("program").options) {
    const s = o.value.split("_").filter((w) => words.includes(w)).length;
    if (s > score) { best = o.value; score = s; }
  }
  if (best) $("program").value = best;
  rank();
});
$("print").addEventListener("click", async () => {
  // The print holds the rows the filter shows.
  const filter = `&status=${encodeURIComponent($("statusFilter").value)}&search=${encodeURIComponent($("filterText").value.trim())}`;
  const html = await (await post("html", filter)).text();
  window.open(URL.createObjectURL(new Blob([html], { type: "text/html" })), "_blank");
});
header("committee", () => { texts(); programs(); sampleRounds(); rank(); });
texts(); programs(); sampleRounds();
