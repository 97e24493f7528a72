// Shared by the three pages: language, texts, fetch helpers, header.
// LANGS, LANG_NAMES and T (every word of the pages, by key and language) come from
// /static/strings.js, which the service makes from the message catalogues — one file a language.
let lang = localStorage.getItem("qamqor.lang") || "ru";
if (!LANGS.includes(lang)) lang = "ru";
const t = (k) => (T[k] && T[k][lang]) || k;
// "3 өзгерген файл", "3 изменённых файла", "3 changed files": a noun after a number in each
// language's grammar (Kazakh keeps the singular; Russian one/few/many; English one/other).
function counted(n, k) { return `${n} ${word(n, k)}`; }
// The noun form after number n (the number itself written by the caller).
function word(n, k) {
  const forms = T[k] && T[k][lang];
  if (!Array.isArray(forms)) return forms || k;
  // Three forms: one/few/many (Russian and its neighbours); two: one/other.
  if (forms.length === 3) {
    const tens = n % 100, last = n % 10;
    return forms[tens >= 11 && tens <= 14 ? 2 : last === 1 ? 0 : last >= 2 && last <= 4 ? 1 : 2];
  }
  return forms[n === 1 ? 0 : 1];
}
const L = (labels) => (labels && (labels[lang] || labels.en)) || "";
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));

// A service started with --auth answers 401 without a token: the page asks for one once, keeps
// it for this tab only (sessionStorage), and sends it with every request.
async function authorizedFetch(path, options = {}) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const token = sessionStorage.getItem("qamqor.token");
    const headers = Object.assign({}, options.headers || {});
    if (token) headers["authorization"] = "Bearer " + token;
    const res = await fetch(path, Object.assign({}, options, { headers }));
    if (res.status !== 401) return res;
    const entered = window.prompt(t("tokenPrompt"), "");
    if (!entered) return res;
    sessionStorage.setItem("qamqor.token", entered.trim());
  }
  return fetch(path, options);
}

async function api(path, options = {}) {
  const res = await authorizedFetch(path, options);
  const type = res.headers.get("content-type") || "";
  const body = type.includes("json") ? await res.json() : await res.text();
  if (!res.ok) {
    const e = body && body.error ? body.error : { message: String(body) };
    const where = e.field ? ` [${e.field}${e.line ? ` ${e.line}:${e.column}` : ""}]` : "";
    const err = new Error(`${e.message}${where}` + (e.details && e.details.length > 1 ? "\n" + e.details.join("\n") : ""));
    err.apiError = e;
    err.status = res.status;
    throw err;
  }
  return body;
}

function header(active, rerender) {
  const h = document.querySelector("header");
  h.innerHTML = `<h1>Qamqor</h1><nav>
      <a href="/" class="${active === "caseworker" ? "active" : ""}">${t("caseworker")}</a>
      <a href="/committee" class="${active === "committee" ? "active" : ""}">${t("committee")}</a>
      <a href="/policy" class="${active === "policy" ? "active" : ""}">${t("policy")}</a></nav>
    <div class="lang" role="group" aria-label="Тіл · Язык · Language">${LANGS.map((l) => `<button data-lang="${l}" lang="${l}" title="${esc(LANG_NAMES[l] || l)}" aria-pressed="${l === lang}" class="${l === lang ? "active" : ""}">${l}</button>`).join("")}</div>`;
  h.querySelectorAll("[data-lang]").forEach((b) => b.addEventListener("click", () => {
    lang = b.dataset.lang; localStorage.setItem("qamqor.lang", lang); document.documentElement.lang = lang;
    header(active, rerender); rerender();
  }));
  document.documentElement.lang = lang;
}
