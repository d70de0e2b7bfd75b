const topics = ["brics", "bri", "manufacturing", "industrial_park_sez", "infrastructure_transport", "energy_new",
  "energy_traditional", "digital_infrastructure", "finance_investment", "trade", "mining_resources", "agriculture", "policy_diplomacy"];
const text = s => String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const when = s => s ? new Date(s).toLocaleString() : "—";
const tags = list => (list || []).map(t => `<span class="tag">${text(t)}</span>`).join("");
const safeUrl = u => /^https?:\/\//i.test(u || "") ? u : "#";
let session = null;
async function get(path) {
  const response = await fetch(path);
  if (response.status === 401) { showSignIn(); throw new Error("signed out"); }
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}
// State-changing requests ride on the session cookie, so they carry the antiforgery token GET /api/session gave.
async function send(method, path, body) {
  const headers = { "X-XSRF-TOKEN": session?.antiforgeryToken ?? "" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}
const topicSelect = document.querySelector("select[name=topic]");
topics.forEach(t => topicSelect.insertAdjacentHTML("beforeend", `<option>${t}</option>`));

async function loadArticles() {
  const params = new URLSearchParams([...new FormData(document.getElementById("article-filter"))].filter(([, v]) => v !== ""));
  params.set("limit", "100");
  const page = await get("/api/articles?" + params);
  document.getElementById("article-count").textContent = `${page.total} article(s)`;
  document.getElementById("article-rows").innerHTML = page.items.map(a => `
    <tr data-article="${text(a.id)}">
      <td><a href="${text(safeUrl(a.url))}" rel="noopener">${text(a.title)}</a><div class="muted">${text(a.sourceId)} · ${text(a.language)}</div></td>
      <td>${a.score.toFixed(2)}</td><td>${tags(a.topics)}</td><td>${tags(a.countries)}</td><td>${when(a.discoveredAt)}</td>
    </tr>`).join("");
}
async function loadSources() {
  const sources = await get("/api/sources");
  document.getElementById("source-rows").innerHTML = sources.map(s => `
    <tr data-source="${text(s.id)}">
      <td>${text(s.name)}<div class="muted">${text(s.url)}</div></td><td>${text(s.kind)}</td>
      <td>${when(s.crawl.lastSuccessAt)}</td>
      <td>${s.crawl.lastError ? `<span class="error">${text(s.crawl.lastError)} (${s.crawl.consecutiveFailures}×)</span>`
        : s.crawl.lastWarning ? `<span class="warning">ok, with a warning: ${text(s.crawl.lastWarning)}</span>`
        : '<span class="ok">ok</span>'}${s.crawl.stale ? ' <span class="error">stale</span>' : ""}${s.webSub
        ? `<div class="muted">WebSub: ${text(s.webSub.state)}${s.webSub.lastError ? ` <span class="error">${text(s.webSub.lastError)}</span>` : ""}</div>` : ""}</td>
      <td>${when(s.crawl.nextAttemptAt)}</td>
    </tr>`).join("");
}
async function loadSubscriptions() {
  const subscriptions = await get("/api/subscriptions");
  document.getElementById("subscription-rows").innerHTML = subscriptions.map(s => `
    <tr><td>${text(s.name)}<div class="muted">${text(s.id)}</div></td>${isAdmin() ? `<td>${text(s.owner)}</td>` : ""}
    <td>${tags(s.topics)}${tags(s.countries)}${s.minScore ? `score ≥ ${s.minScore}` : ""} ${text(s.query || "")}</td>
    <td>${s.webhook ? text(s.webhook.url) + (s.webhook.disabled ? ' <span class="error">disabled</span>' : "") : ""}${s.email ? text(s.email.address) : ""}</td></tr>`).join("");
}
async function loadDeliveries() {
  const deliveries = await get("/api/deliveries?limit=200");
  document.getElementById("delivery-rows").innerHTML = deliveries.map(d => `
    <tr><td>${text(d.id)}<div class="muted">${text(d.subscriptionId)} · ${text(d.articleId)}</div></td><td>${text(d.state)}</td>
    <td>${d.attempts}</td><td>${when(d.deliveredAt || d.nextAttemptAt)}</td><td class="error">${text(d.lastError || "")}</td></tr>`).join("");
}
const loaders = { articles: loadArticles, sources: loadSources, subscriptions: loadSubscriptions, deliveries: loadDeliveries };
let current = "articles";
function show(view) {
  current = view;
  document.querySelectorAll("main > section").forEach(s => s.hidden = s.id !== view);
  document.querySelectorAll("nav a[data-view]").forEach(a => a.classList.toggle("active", a.dataset.view === view));
  loaders[view]().catch(e => console.error(e));
}
document.querySelectorAll("nav a[data-view]").forEach(a => a.addEventListener("click", () => show(a.dataset.view)));
document.getElementById("article-filter").addEventListener("submit", e => { e.preventDefault(); loadArticles(); });
const isAdmin = () => session?.role === "admin" && session.scopes.includes("admin");
function showSignIn() {
  session = null;
  document.getElementById("app").hidden = true;
  document.getElementById("who").hidden = true;
  document.getElementById("signin").hidden = false;
}
async function start() {
  const response = await fetch("/api/session");
  if (!response.ok) { showSignIn(); return; }
  session = await response.json();
  document.getElementById("who-name").textContent = session.displayName;
  document.getElementById("who").hidden = false;
  document.getElementById("signin").hidden = true;
  document.getElementById("app").hidden = false;
  document.querySelectorAll("[data-admin]").forEach(e => e.hidden = !isAdmin());
  const initial = new URLSearchParams(location.search).get("view");
  show(initial in loaders && (initial !== "sources" || isAdmin()) ? initial : "articles");
}
document.getElementById("signin-form").addEventListener("submit", async e => {
  e.preventDefault();
  const error = document.getElementById("signin-error");
  error.textContent = "";
  const response = await fetch("/api/session", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ apiKey: document.getElementById("api-key").value.trim() }),
  });
  if (!response.ok) { error.textContent = "That key was not accepted."; return; }
  document.getElementById("api-key").value = "";
  await start();
});
document.getElementById("sign-out").addEventListener("click", async () => {
  await send("DELETE", "/api/session");
  showSignIn();
});
start();
setInterval(() => { if (session) loaders[current]().catch(e => console.error(e)); }, 10000);
