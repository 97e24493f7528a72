// Shared by the three pages: language, texts, fetch helpers, header.
const LANGS = ["kk", "ru", "en"];
const T = {
  caseworker: { kk: "Әлеуметтік қызметкер", ru: "Специалист", en: "Caseworker" },
  committee: { kk: "Комиссия", ru: "Комиссия", en: "Committee" },
  policy: { kk: "Ережелер", ru: "Правила", en: "Policy officer" },
  household: { kk: "Отбасы", ru: "Семья", en: "Household" },
  decisions: { kk: "Шешімдер", ru: "Решения", en: "Decisions" },
  loadSample: { kk: "Үлгіні жүктеу…", ru: "Загрузить пример…", en: "Load a sample…" },
  openFile: { kk: "Отбасы файлын ашу (YAML, JSON)", ru: "Открыть файл семьи (YAML, JSON)", en: "Open a household file (YAML, JSON)" },
  decide: { kk: "Шешу", ru: "Решить", en: "Decide" },
  addMember: { kk: "+ мүше", ru: "+ член семьи", en: "+ member" },
  add: { kk: "+ қосу", ru: "+ добавить", en: "+ add" },
  remove: { kk: "жою", ru: "удалить", en: "remove" },
  none: { kk: "—", ru: "—", en: "—" },
  yes: { kk: "иә", ru: "да", en: "yes" },
  no: { kk: "жоқ", ru: "нет", en: "no" },
  asOf: { kk: "Күні", ru: "На дату", en: "As of" },
  level: { kk: "Түсіндіру", ru: "Объяснение", en: "Explanation" },
  decisive: { kk: "қысқаша", ru: "кратко", en: "decisive" },
  full: { kk: "толық", ru: "полное", en: "full" },
  perMonth: { kk: "айына", ru: "в месяц", en: "a month" },
  factsNeeded: { kk: "Қажет мәліметтер", ru: "Нужны сведения", en: "Facts needed" },
  rulesGap: { kk: "Ережелердегі олқылық (өтініш берушіден сұрамаңыз)", ru: "Пробел в правилах (не спрашивайте у заявителя)", en: "Gap in the rules (not something to ask the applicant)" },
  decides: { kk: "шешеді", ru: "решает", en: "decides" },
  holdsFrom: { kk: "Шарт орындалатын күн", ru: "Условие выполняется с", en: "Holds from" },
  audit: { kk: "Аудит", ru: "Аудит", en: "Audit" },
  rules: { kk: "ережелер", ru: "правила", en: "rules" },
  json: { kk: "JSON", ru: "JSON", en: "JSON" },
  program: { kk: "Бағдарлама", ru: "Программа", en: "Programme" },
  round: { kk: "Өтінімдер файлы (CSV, JSONL)", ru: "Файл заявок (CSV, JSONL)", en: "Round file (CSV, JSONL)" },
  rank: { kk: "Рейтинг құру", ru: "Ранжировать", en: "Rank" },
  downloadCsv: { kk: "CSV жүктеп алу", ru: "Скачать CSV", en: "Download CSV" },
  printable: { kk: "Басып шығару беті", ru: "Страница для печати", en: "Printable page" },
  rankCol: { kk: "Орын", ru: "Место", en: "Rank" }, idCol: { kk: "Өтінім", ru: "Заявка", en: "Application" },
  applicantCol: { kk: "Өтініш беруші", ru: "Заявитель", en: "Applicant" }, statusCol: { kk: "Мәртебе", ru: "Статус", en: "Status" },
  totalCol: { kk: "Барлығы", ru: "Итого", en: "Total" }, grantCol: { kk: "Грант", ru: "Грант", en: "Grant" }, reasonCol: { kk: "Себеп", ru: "Причина", en: "Reason" },
  rejected: { kk: "Оқылмаған жолдар", ru: "Непрочитанные строки", en: "Rows not read" },
  budget: { kk: "Бюджет", ru: "Бюджет", en: "Budget" }, used: { kk: "пайдаланылды", ru: "использовано", en: "used" },
  rulesStatus: { kk: "Ережелер күйі", ru: "Состояние правил", en: "Rules status" },
  version: { kk: "Нұсқа", ru: "Версия", en: "Version" }, loadedAt: { kk: "Жүктелген", ru: "Загружены", en: "Loaded at" },
  files: { kk: "Файлдар", ru: "Файлы", en: "Files" }, tests: { kk: "Тесттер өтті", ru: "Тестов пройдено", en: "Tests passed" },
  coverageGaps: { kk: "Өңірлер мен тоқсандар бойынша олқылықтар (бұл шешімдер анықталмайды)", ru: "Пробелы по регионам и кварталам (такие решения не будут определены)", en: "Coverage gaps by region and quarter (decisions there are undetermined)" },
  allGood: { kk: "Ережелер тексерілді, тесттер өтті", ru: "Правила проверены, тесты пройдены", en: "Rules checked, tests passed" },
  rejectedChange: { kk: "Соңғы өзгеріс қабылданбады — бұрынғы ережелер қолданылуда", ru: "Последнее изменение отклонено — действуют прежние правила", en: "The last change was rejected — the previous rules are still served" },
  programmes: { kk: "Бағдарламалар", ru: "Программы", en: "Programmes" }, source: { kk: "Дереккөз", ru: "Источник", en: "Source" },
  policyChoice: { kk: "ведомство шешімі", ru: "решение ведомства", en: "policy choice" },
  failedTests: { kk: "Өтпеген тесттер", ru: "Непройденные тесты", en: "Failed tests" },
  diagnostics: { kk: "Қателер", ru: "Ошибки", en: "Diagnostics" },
  workbench: { kk: "Ережелер жобалары", ru: "Черновики правил", en: "Drafts of the rules" },
  newDraft: { kk: "Жаңа жоба", ru: "Новый черновик", en: "New draft" }, draftName: { kk: "Жоба атауы", ru: "Название черновика", en: "Draft name" },
  open: { kk: "Ашу", ru: "Открыть", en: "Open" }, del: { kk: "Жою", ru: "Удалить", en: "Delete" },
  author: { kk: "Авторы", ru: "Автор", en: "Author" }, base: { kk: "Негізі", ru: "Основа", en: "Based on" },
  baseMoved: { kk: "ескірген негіз — rebase қажет", ru: "основа устарела — нужен rebase", en: "base moved — rebase needed" },
  file: { kk: "Файл", ru: "Файл", en: "File" }, save: { kk: "Сақтау", ru: "Сохранить", en: "Save" },
  saved: { kk: "Сақталды", ru: "Сохранено", en: "Saved" }, unsaved: { kk: "сақталмаған өзгерістер", ru: "несохранённые изменения", en: "unsaved changes" },
  noErrors: { kk: "Қате жоқ", ru: "Ошибок нет", en: "No errors" }, checking: { kk: "Тексерілуде…", ru: "Проверка…", en: "Checking…" },
  runTests: { kk: "Тесттерді іске қосу", ru: "Запустить тесты", en: "Run the tests" },
  acceptResults: { kk: "Жаңа нәтижелерді күтілген деп қабылдау", ru: "Принять новые результаты как ожидаемые", en: "Accept the new results as expected" },
  accepted: { kk: "Қабылданған өзгерістер (тексеріңіз)", ru: "Принятые изменения (проверьте)", en: "Accepted changes (review them)" },
  impact: { kk: "Әсері", ru: "Влияние", en: "Impact" }, households: { kk: "Отбасылар саны", ru: "Число семей", en: "Households" },
  seed: { kk: "Seed", ru: "Seed", en: "Seed" }, householdsCount: { kk: "отбасы", ru: "семей", en: "households" }, runImpact: { kk: "Әсерін есептеу", ru: "Рассчитать влияние", en: "Run the impact" },
  running: { kk: "Есептелуде…", ru: "Идёт расчёт…", en: "Running…" },
  gains: { kk: "Құқылы болады", ru: "Получат право", en: "Gain" }, losses: { kk: "Құқығынан айырылады", ru: "Потеряют право", en: "Lose" },
  eligibleBefore: { kk: "Бұрын құқылы", ru: "Имели право", en: "Eligible before" }, eligibleAfter: { kk: "Кейін құқылы", ru: "Будут иметь право", en: "Eligible after" },
  costChange: { kk: "Айлық шығын өзгерісі", ru: "Изменение расходов в месяц", en: "Change in monthly cost" },
  examples: { kk: "Мысалдар", ru: "Примеры", en: "Examples" }, before: { kk: "Бұрын", ru: "До", en: "Before" }, after: { kk: "Кейін", ru: "После", en: "After" },
  diff: { kk: "Айырмашылық", ru: "Различия", en: "Diff" }, rebase: { kk: "Жаңа нұсқаға көшіру (rebase)", ru: "Перенести на новую версию (rebase)", en: "Rebase onto the rules in force" },
  conflicts: { kk: "Екі жақта да өзгерген файлдар", ru: "Файлы, изменённые с обеих сторон", en: "Files changed on both sides" },
  publish: { kk: "Жариялау", ru: "Опубликовать", en: "Publish" }, note: { kk: "Ескертпе", ru: "Примечание", en: "Note" },
  published: { kk: "Жарияланды, күшіндегі нұсқа", ru: "Опубликовано, действует версия", en: "Published; in force now: version" },
  history: { kk: "Нұсқалар тарихы", ru: "История версий", en: "Version history" }, when: { kk: "Уақыты", ru: "Когда", en: "When" },
  kind: { kk: "Түрі", ru: "Вид", en: "Kind" }, by: { kk: "Кім", ru: "Кто", en: "By" },
  rollback: { kk: "Қайтару", ru: "Откатить", en: "Roll back" }, live: { kk: "күшінде", ru: "действует", en: "in force" },
  kind_start: { kk: "іске қосу", ru: "запуск", en: "start" }, kind_reload: { kk: "каталогтан", ru: "из каталога", en: "from the directory" },
  kind_publish: { kk: "жариялау", ru: "публикация", en: "publish" }, kind_rollback: { kk: "қайтару", ru: "откат", en: "rollback" },
  confirmPublish: { kk: "Жобаны жариялайсыз ба? Қызмет бірден жаңа ережелермен шешеді.", ru: "Опубликовать черновик? Сервис сразу начнёт решать по новым правилам.", en: "Publish the draft? The service decides with the new rules at once." },
  confirmRollback: { kk: "Осы нұсқаны қайта жариялайсыз ба?", ru: "Опубликовать эту версию снова?", en: "Publish this version again?" },
  confirmDelete: { kk: "Жобаны жою керек пе?", ru: "Удалить черновик?", en: "Delete the draft?" },
  line: { kk: "жол", ru: "строка", en: "line" }, changedFiles: { kk: "өзгерген файл", ru: ["изменённый файл", "изменённых файла", "изменённых файлов"], en: ["changed file", "changed files"] },
  noChanges: { kk: "Өзгеріс жоқ", ru: "Изменений нет", en: "No changes" }, close: { kk: "Жабу", ru: "Закрыть", en: "Close" },
  effectiveFrom: { kk: "Күшіне енетін күні", ru: "Вступает в силу с", en: "In force from" },
  scheduled: { kk: "Жоспарланған нұсқа", ru: "Запланированная версия", en: "Scheduled version" },
  cancelSchedule: { kk: "Болдырмау", ru: "Отменить", en: "Cancel" },
  dateFormat: { kk: "ЖЖЖЖ-АА-КК", ru: "ГГГГ-ММ-ДД", en: "YYYY-MM-DD" }, monthFormat: { kk: "ЖЖЖЖ-АА", ru: "ГГГГ-ММ", en: "YYYY-MM" },
  notNumber: { kk: "сан емес", ru: "это не число", en: "not a number" }, notInteger: { kk: "бүтін сан емес", ru: "это не целое число", en: "not a whole number" },
  notDate: { kk: "күн ЖЖЖЖ-АА-КК түрінде жазылады", ru: "дата пишется как ГГГГ-ММ-ДД", en: "a date is written YYYY-MM-DD" },
  notMonth: { kk: "ай ЖЖЖЖ-АА түрінде жазылады", ru: "месяц пишется как ГГГГ-ММ", en: "a month is written YYYY-MM" },
  noSuchDay: { kk: "күнтізбеде мұндай күн жоқ", ru: "такого дня нет в календаре", en: "there is no such day" },
  fixFirst: { kk: "Белгіленген өрістерді түзетіңіз — сонда шешім қайта есептеледі", ru: "Исправьте отмеченные поля — решение будет пересчитано", en: "Correct the marked fields — the decision is made again then" },
  ruleError: { kk: "Ережедегі қате (ережелер маманына хабарлаңыз)", ru: "Ошибка в правиле (сообщите специалисту по правилам)", en: "An error in the rules (tell a policy officer)" },
  show: { kk: "Көрсету", ru: "Показать", en: "Show" }, shareLink: { kk: "Осы отбасыға сілтеме", ru: "Ссылка на эту семью", en: "Link to this household" },
  filter_all: { kk: "барлығы", ru: "все", en: "all" }, filter_eligible: { kk: "құқылы", ru: "имеет право", en: "eligible" },
  filter_undetermined: { kk: "анықталмады", ru: "не определено", en: "undetermined" }, filter_ineligible: { kk: "құқылы емес", ru: "нет права", en: "not eligible" },
  skipToDecisions: { kk: "Шешімдерге өту", ru: "Перейти к решениям", en: "Skip to the decisions" },
  notice: { kk: "Хабарлама", ru: "Уведомление", en: "Notice" }, noticeAll: { kk: "Шешім туралы хабарлама (басып шығару)", ru: "Уведомление о решении (печать)", en: "Decision notice (print)" },
  search: { kk: "Іздеу", ru: "Поиск", en: "Search" }, compare: { kk: "Салыстыру", ru: "Сравнить", en: "Compare" },
  pickTwo: { kk: "Салыстыру үшін екі жолды таңдаңыз", ru: "Для сравнения выберите две строки", en: "Pick two rows to compare" },
  whyAbove: { kk: "Неліктен біреуі жоғары:", ru: "Почему одна выше другой:", en: "Why one ranks above the other:" },
  passMark: { kk: "Өту балы", ru: "Проходной балл", en: "Pass mark" },
  wrongProgram: { kk: "Өтінімдердің көбі бұл бағдарламаның талаптарына сай емес — бағдарлама дұрыс таңдалды ма?", ru: "Большинство заявок не соответствует условиям этой программы — та ли программа выбрана?", en: "Most applications do not meet this programme's conditions — is this the right programme?" },
  howComputed: { kk: "Сома қалай есептелді", ru: "Как рассчитана сумма", en: "How the amount was computed" },
  keepAsTest: { kk: "Ереже тесті ретінде сақтау", ru: "Сохранить как тест правил", en: "Keep as a rule test" },
  whichDraft: { kk: "Қай жобаға?", ru: "В какой черновик?", en: "Which draft?" }, keptTests: { kk: "Сақталған тесттер", ru: "Сохранённые тесты", en: "Kept tests" },
  testName: { kk: "Тест атауы (бос қалдыруға болады)", ru: "Название теста (можно оставить пустым)", en: "Test name (may be left empty)" },
  keptIn: { kk: "сақталды:", ru: "сохранено в", en: "kept in" },
  parameters: { kk: "Параметрлер (күні бойынша мәндері)", ru: "Параметры (значения по датам)", en: "Parameters (values by date)" },
  from: { kk: "Қай күннен", ru: "С даты", en: "From" }, value: { kk: "Мәні", ru: "Значение", en: "Value" },
  addFigure: { kk: "Көрсеткішті жобаға қосу", ru: "Добавить показатель в черновике", en: "Add the figure in a draft" },
  figuresDraft: { kk: "Өңірлік көрсеткіштер", ru: "Региональные показатели", en: "Regional figures" },
  notRequired: { kk: "міндетті емес: жоқ жерде ережелер басқа жолмен есептейді", ru: "необязательный: где его нет, правила считают иначе", en: "not required: where it has none, the rules fall back" },
};
let lang = localStorage.getItem("qamqor.lang") || "ru";
if (!LANGS.includes(lang)) lang = "ru";
const t = (k) => (T[k] && T[k][lang]) || k;
// "3 өзгерген файл", "3 изменённых файла", "3 changed files": a noun after a number in each
// language's grammar (Kazakh keeps the singular; Russian one/few/many; English one/other).
function counted(n, k) {
  const forms = T[k] && T[k][lang];
  if (!Array.isArray(forms)) return `${n} ${forms || k}`;
  if (lang === "ru") {
    const tens = n % 100, last = n % 10;
    return `${n} ${forms[tens >= 11 && tens <= 14 ? 2 : last === 1 ? 0 : last >= 2 && last <= 4 ? 1 : 2]}`;
  }
  return `${n} ${forms[n === 1 ? 0 : 1]}`;
}
const L = (labels) => (labels && (labels[lang] || labels.en)) || "";
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));

const TOKEN_PROMPT = {
  kk: "Бұл сервиске кіру үшін токен керек. Токеніңізді енгізіңіз:",
  ru: "Для работы с сервисом нужен токен. Введите ваш токен:",
  en: "This service needs a token. Enter your token:",
};
// A service started with --auth answers 401 without a token: the page asks for one once, keeps
// it for this tab only (sessionStorage), and sends it with every request.
async function authorizedFetch(path, options = {}) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const token = sessionStorage.getItem("qamqor.token");
    const headers = Object.assign({}, options.headers || {});
    if (token) headers["authorization"] = "Bearer " + token;
    const res = await fetch(path, Object.assign({}, options, { headers }));
    if (res.status !== 401) return res;
    const entered = window.prompt(TOKEN_PROMPT[lang] || TOKEN_PROMPT.en, "");
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
    <div class="lang" role="group" aria-label="Тіл · Язык · Language">${LANGS.map((l) => `<button data-lang="${l}" lang="${l}" aria-pressed="${l === lang}" class="${l === lang ? "active" : ""}">${l}</button>`).join("")}</div>`;
  h.querySelectorAll("[data-lang]").forEach((b) => b.addEventListener("click", () => {
    lang = b.dataset.lang; localStorage.setItem("qamqor.lang", lang); document.documentElement.lang = lang;
    header(active, rerender); rerender();
  }));
  document.documentElement.lang = lang;
}
