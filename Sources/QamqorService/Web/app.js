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

// A field path as the form says it, from the schema's labels when the page has them:
// `members[1].sex` → «2-отбасы мүшесі · Жынысы» (kk), «Член семьи 2 · Пол» (ru).
function pathLabel(path) {
  const s = typeof schema !== "undefined" ? schema : null;
  if (!s || !s.records) return null;
  let rec = s.records[s.root];
  const out = [];
  for (const piece of String(path).replace(/^household\./, "").split(".")) {
    const m = /^([a-z_0-9]+)(?:\[(\d+)\])?$/.exec(piece);
    const f = m && rec && rec.fields.find((x) => x.name === m[1]);
    if (!f) return null;
    const inner = f.type.record || (f.type.list && f.type.list.record);
    if (m[2] !== undefined && inner) {
      const item = L(s.records[inner].label);
      const template = t("listItem");
      out.push(template.replace("{n}", Number(m[2]) + 1).replace("{item}", template.startsWith("{n}") ? item.charAt(0).toLowerCase() + item.slice(1) : item));
    } else out.push(L(f.label));
    rec = inner ? s.records[inner] : null;
  }
  return out.join(" · ");
}
function forPeople(message) {
  return String(message ?? "").replace(/`([^`]*)`/g, (whole, code) => {
    const label = /^[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*$/.test(code) && code.includes("[") || /\./.test(code) ? pathLabel(code) : null;
    return `«${label || code}»`;
  });
}

// The same as HTML: a field path as its labels, a value the user wrote set as code.
function messageHTML(message) {
  return esc(String(message ?? "")).replace(/`([^`]*)`/g, (whole, code) => {
    const label = /\.|\[/.test(code) ? pathLabel(code) : null;
    return label ? `«${esc(label)}»` : `<code>${code}</code>`;
  });
}

async function api(path, options = {}) {
  const res = await authorizedFetch(path, options);
  const type = res.headers.get("content-type") || "";
  const body = type.includes("json") ? await res.json() : await res.text();
  if (!res.ok) {
    const raw = body && body.error ? body.error : { message: String(body) };
    // Said for people: the field's labels for its path, «» for code quotes (the API keeps both).
    const e = Object.assign({}, raw, { raw: raw.message, message: forPeople(raw.message), details: (raw.details || []).map(forPeople) });
    const err = new Error(e.message + (e.details.length > 1 ? "\n" + e.details.join("\n") : ""));
    err.apiError = e;
    err.status = res.status;
    throw err;
  }
  return body;
}

function header(active, rerender) {
  const h = document.querySelector("header");
  document.title = active === "caseworker" ? "Qamqor" : `Qamqor — ${t(active)}`;
  h.innerHTML = `<h1>Qamqor</h1><nav>
      <a href="/" class="${active === "caseworker" ? "active" : ""}">${t("caseworker")}</a>
      <a href="/committee" class="${active === "committee" ? "active" : ""}">${t("committee")}</a>
      <a href="/policy" class="${active === "policy" ? "active" : ""}">${t("policy")}</a></nav>
    <div class="lang" role="group" aria-label="${esc(t("language"))}">${LANGS.map((l) => `<button data-lang="${l}" lang="${l}" title="${esc(LANG_NAMES[l] || l)}" aria-pressed="${l === lang}" class="${l === lang ? "active" : ""}">${l}</button>`).join("")}</div>`;
  h.querySelectorAll("[data-lang]").forEach((b) => b.addEventListener("click", () => {
    lang = b.dataset.lang; localStorage.setItem("qamqor.lang", lang); document.documentElement.lang = lang;
    header(active, rerender); rerender();
  }));
  document.documentElement.lang = lang;
}
