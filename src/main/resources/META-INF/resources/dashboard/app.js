// The dashboard: reads /api/summary, /api/lake/tables and /api/recommendations every 5 s and shows them. Every figure is shown as the API
// gave it and carries data-kpi (a stable name) and data-value (the exact value), which e2e/dashboard-check.sh compares.
"use strict";

const REFRESH_MS = 5000;
const EMPTY_TEXT = "No data yet: the streams write the first gold rows ~30 s after start.";
const NO_MARTS_TEXT = "No customer marts yet: the warehouse builds them (./lakehouse marts, or Dagster's schedule).";
const COLORS = ["#2563eb", "#0d9488", "#d97706", "#7c3aed", "#db2777"];
let shown = null; // the last answers rendered, for re-drawing charts on resize

const $ = (id) => document.getElementById(id);

function money(value, currency) {
  try {
    return new Intl.NumberFormat("en-GB", { style: "currency", currency }).format(value);
  } catch (e) {
    return `${Number(value).toFixed(2)} ${currency}`;
  }
}
const int = (v) => Number(v).toLocaleString("en-GB");
const fixed2 = (v) => Number(v).toFixed(2);
const amount = (v) => Number(v).toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (v) => `${fixed2(v)} %`;
const secs = (v) => Number(v).toFixed(1);
const utcTime = (iso) => (iso ? iso.substring(11, 19) : "—");
const utcMinute = (iso) => (iso ? `${iso.substring(11, 16)} UTC` : "—");
const utcDateTime = (iso) => (iso ? `${iso.substring(0, 10)} ${iso.substring(11, 19)}` : "—");

/** Sets a figure: its text for people, its exact value for machines; null shows a dash. */
function setKpi(node, value, format) {
  node.dataset.value = value === null || value === undefined ? "" : String(value);
  node.textContent = value === null || value === undefined ? "—" : format(value);
}

function kpi(name, value, format) {
  document.querySelectorAll(`[data-kpi="${name}"]`).forEach((node) => setKpi(node, value, format));
}

/** A table cell holding a figure. */
function cell(row, name, value, format, numeric = true) {
  const td = document.createElement("td");
  if (numeric) td.className = "num";
  const span = document.createElement("span");
  span.dataset.kpi = name;
  setKpi(span, value, format);
  td.appendChild(span);
  row.appendChild(td);
  return span;
}

/**
 * A product as people know it: its catalog name and category, the id on hover; the id itself only while the catalog
 * has not named the product (a figure named <prefix>-name, -category or -product).
 */
function productCell(row, prefix, p) {
  const td = document.createElement("td");
  td.className = "fill";
  td.title = [p.name, p.category, p.productId].filter(Boolean).join(" · ");
  const name = document.createElement("span");
  if (p.name) {
    name.dataset.kpi = `${prefix}-name`;
    setKpi(name, p.name, String);
  } else {
    name.dataset.kpi = `${prefix}-product`;
    setKpi(name, p.productId, String);
  }
  td.appendChild(name);
  if (p.category) {
    const category = document.createElement("small");
    category.dataset.kpi = `${prefix}-category`;
    setKpi(category, p.category, String);
    td.append(" ", category);
  }
  row.appendChild(td);
}

function textCell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
}

/** The names column of a table (see td.fill in app.css). */
function nameCell(row, text) {
  textCell(row, text, "fill");
  row.lastChild.title = text;
}

function fillTable(id, items, renderRow, emptyText) {
  const body = $(id).querySelector("tbody");
  body.textContent = "";
  if (!items.length) {
    const tr = body.insertRow();
    const td = tr.insertCell();
    td.colSpan = $(id).querySelectorAll("th").length;
    td.className = "emptyrow";
    td.textContent = emptyText;
    return;
  }
  items.forEach((item, i) => renderRow(body.insertRow(), item, i));
}

function renderRevenue(revenue) {
  $("revenue-window").textContent = `last ${revenue.minutes} min`;
  const [head, ...others] = revenue.totals;
  kpi("revenue-total", head ? head.revenue : null, (v) => money(v, head.currency));
  kpi("orders-total", revenue.newestMinute ? revenue.ordersTotal : null, int);
  const other = $("revenue-other");
  other.textContent = "";
  if (head) other.append(`${int(head.orders)} ${head.orders === 1 ? "order" : "orders"} in ${head.currency}. `);
  for (const t of others) {
    const span = document.createElement("span");
    span.dataset.kpi = `revenue-total-${t.currency}`;
    setKpi(span, t.revenue, (v) => money(v, t.currency));
    other.append("Also ", span, ` (${int(t.orders)} ${t.orders === 1 ? "order" : "orders"}). `);
  }
  if (!revenue.newestMinute) {
    Charts.empty($("revenue-chart"), EMPTY_TEXT);
    Charts.empty($("orders-chart"), EMPTY_TEXT);
    $("revenue-axis").textContent = "UTC";
    $("revenue-legend").textContent = "";
    return;
  }
  $("revenue-axis").textContent = `UTC, up to ${utcMinute(revenue.newestMinute)}, per currency`;
  const from = Date.parse(revenue.from);
  const to = Date.parse(revenue.to);
  const currencies = revenue.totals.map((t) => t.currency);
  const perMinute = new Map(); // minute -> {currency -> revenue}, orders
  for (const p of revenue.series) {
    const ms = Date.parse(p.minute);
    const m = perMinute.get(ms) || { revenue: {}, orders: 0 };
    m.revenue[p.currency] = p.revenue;
    m.orders += p.orders;
    perMinute.set(ms, m);
  }
  const minutes = [];
  for (let ms = from; ms < to; ms += 60000) minutes.push(ms);
  const series = currencies.map((c, i) => ({
    name: c, color: COLORS[i % COLORS.length],
    points: minutes.map((ms) => [ms, (perMinute.get(ms) || { revenue: {} }).revenue[c] || 0]),
  }));
  Charts.lines($("revenue-chart"), series, from, to, (v) => int(v));
  const legend = $("revenue-legend");
  legend.textContent = "";
  series.forEach((s) => {
    const swatch = document.createElement("i");
    swatch.style.background = s.color;
    legend.append(swatch, s.name);
  });
  Charts.bars($("orders-chart"), minutes.map((ms) => [ms, (perMinute.get(ms) || { orders: 0 }).orders]), from, to, 60000,
    COLORS[1], (v) => int(v));
}

function renderFunnel(funnel) {
  const t = funnel.totals;
  $("funnel-window").textContent = funnel.newestWindow
    ? `${utcMinute(funnel.from)} – ${utcMinute(funnel.to)}, ${funnel.windows} × 5 min` : "last hour";
  kpi("funnel-order-rate", t.orderRate, pct);
  kpi("funnel-product-views", funnel.newestWindow ? t.productViews : null, int);
  const box = $("funnel");
  box.textContent = "";
  if (!funnel.newestWindow) {
    box.innerHTML = `<p class="emptyrow">${EMPTY_TEXT}</p>`;
    return;
  }
  const steps = [
    ["Sessions", "funnel-sessions", t.sessions, null, null],
    ["Carts", "funnel-carts", t.carts, "funnel-cart-rate", t.cartRate],
    ["Checkouts", "funnel-checkouts", t.checkouts, "funnel-checkout-rate", t.checkoutRate],
    ["Orders", "funnel-orders", t.orders, "funnel-order-rate", t.orderRate],
  ];
  for (const [label, name, value, rateName, rate] of steps) {
    const row = document.createElement("div");
    row.className = "funnel-row";
    const l = document.createElement("span");
    l.className = "label";
    l.textContent = label;
    const bar = document.createElement("div");
    bar.className = "funnel-bar";
    bar.style.width = `${t.sessions ? Math.min(100, (value / t.sessions) * 100) : 0}%`;
    const barBox = document.createElement("div");
    barBox.appendChild(bar);
    const v = document.createElement("span");
    v.className = "val";
    const count = document.createElement("span");
    count.dataset.kpi = name;
    setKpi(count, value, int);
    v.appendChild(count);
    if (rateName) {
      const r = document.createElement("span");
      r.dataset.kpi = rateName;
      setKpi(r, rate, pct);
      v.append(" · ", r);
    }
    row.append(l, barBox, v);
    box.appendChild(row);
  }
}

function renderTopProducts(top) {
  $("top-hour").textContent = top.hour ? `${top.hour.substring(0, 10)} ${top.hour.substring(11, 16)}–${String((Number(top.hour.substring(11, 13)) + 1) % 24).padStart(2, "0")}:00 UTC` : "newest hour";
  fillTable("top-products", top.products, (tr, p) => {
    cell(tr, `top-${p.rank}-rank`, p.rank, int, false);
    productCell(tr, `top-${p.rank}`, p);
    cell(tr, `top-${p.rank}-units`, p.units, int);
    cell(tr, `top-${p.rank}-orders`, p.orders, int);
  }, top.hour ? "No products sold in this hour." : EMPTY_TEXT);
}

function renderStock(stock) {
  fillTable("stock", stock.products, (tr, p, i) => {
    productCell(tr, `stock-${i + 1}`, p);
    const q = cell(tr, `stock-${i + 1}-quantity`, p.quantityOnHand, int);
    if (p.quantityOnHand <= 0) q.classList.add("low");
    cell(tr, `stock-${i + 1}-warehouses`, p.warehouses, int);
    tr.title = `last change ${utcDateTime(p.lastEventTime)} UTC`;
  }, EMPTY_TEXT);
}

function renderCustomerValue(value) {
  $("customer-value-asof").textContent = value.asOf
    ? `RFM segments of the ${int(value.customers)} customers who ordered, as of ${utcDateTime(value.asOf)} UTC`
    : "RFM segments of the customers who ordered";
  fillTable("customer-value", value.asOf ? value.segments : [], (tr, s) => {
    const name = `segment-${s.segment}`;
    textCell(tr, s.name, "fill");
    cell(tr, `${name}-customers`, s.customers, int);
    cell(tr, `${name}-customer-share`, s.customerShare, pct);
    cell(tr, `${name}-avg-orders`, s.avgOrders, fixed2);
    cell(tr, `${name}-avg-lifetime-revenue`, s.avgLifetimeRevenue, amount);
    cell(tr, `${name}-revenue`, s.revenue, amount);
    cell(tr, `${name}-revenue-share`, s.revenueShare, pct);
    cell(tr, `${name}-avg-recency-days`, s.avgRecencyDays, (v) => Number(v).toFixed(1));
  }, NO_MARTS_TEXT);
}

function renderPipeline(pipeline) {
  kpi("events-per-second", pipeline.rawEventsPerSecond, fixed2);
  kpi("dlq-per-second", pipeline.dlqEventsPerSecond, fixed2);
  kpi("dlq-percent", pipeline.dlqPercentOfRaw, pct);
  $("rate-window").textContent = pipeline.windowSeconds ? `rates over the last ${Math.round(pipeline.windowSeconds)} s` : "rates after two samples";
  fillTable("topics", pipeline.topics, (tr, t) => {
    nameCell(tr, t.topic);
    cell(tr, `topic-${t.topic}-rate`, t.eventsPerSecond, fixed2);
    cell(tr, `topic-${t.topic}-offset`, t.endOffset, int);
  }, pipeline.kafkaError ? "Kafka cannot be read right now." : "No topics found yet.");
  $("kafka-note").textContent = pipeline.kafkaError
    ? `Kafka: ${pipeline.kafkaError} (retrying every few seconds).`
    : "Dead-letter offsets include transaction markers, so that rate is an upper bound.";
  fillTable("layers", pipeline.layers, (tr, l) => {
    textCell(tr, l.layer, "fill"); // the row says which table committed last
    tr.title = l.table ? `newest commit: ${l.table}` : "no commit yet";
    const s = cell(tr, `freshness-${l.layer}-seconds`, l.freshnessSeconds, secs);
    if (l.freshnessSeconds > 120) s.classList.add("stale");
    textCell(tr, l.lastCommit ? utcDateTime(l.lastCommit) : "no commit yet");
  }, EMPTY_TEXT);
}

function renderLake(lake) {
  fillTable("lake", lake.tables, (tr, t) => {
    nameCell(tr, t.table);
    cell(tr, `lake-${t.table}-rows`, t.rows, int);
    cell(tr, `lake-${t.table}-files`, t.dataFiles, int);
    cell(tr, `lake-${t.table}-snapshots`, t.snapshots, int);
    cell(tr, `lake-${t.table}-age-seconds`, t.freshnessSeconds, secs);
  }, EMPTY_TEXT);
}

function render(summary, lake, recommendations) {
  renderRevenue(summary.revenue);
  renderFunnel(summary.funnel);
  renderTopProducts(summary.topProducts);
  renderStock(summary.lowestStock);
  renderCustomerValue(summary.customerValue);
  kpi("active-sessions", summary.activeSessions.activeSessions, int);
  $("sessions-newest").textContent = summary.activeSessions.newestActivity
    ? `newest activity ${utcMinute(summary.activeSessions.newestActivity)}` : "";
  renderPipeline(summary.pipeline);
  renderLake(lake);
  RecommendationsPanel.render(recommendations);
  const noData = !summary.revenue.newestMinute && !summary.funnel.newestWindow && lake.tables.length === 0;
  $("empty").hidden = !noData;
  const upTo = summary.revenue.newestMinute ? ` · gold data up to ${utcMinute(summary.revenue.newestMinute)}` : "";
  $("status").textContent = `Updated ${utcTime(summary.generatedAt)} UTC${upTo} · refreshes every ${REFRESH_MS / 1000} s`;
  document.body.dataset.generatedAt = summary.generatedAt;
  document.body.dataset.state = "ready";
}

async function getJson(url) {
  const response = await LakehouseAuth.fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(body && body.detail ? `${body.title}: ${body.detail}` : `HTTP ${response.status}`);
  }
  return body;
}

async function refresh() {
  try {
    const [summary, lake, recommendations] = await Promise.all(
      [getJson("/api/summary"), getJson("/api/lake/tables"), getJson("/api/recommendations")]);
    shown = { summary, lake, recommendations };
    render(summary, lake, recommendations);
    $("error").hidden = true;
  } catch (e) {
    const since = shown ? ` The figures below are from ${utcTime(shown.summary.generatedAt)} UTC.` : "";
    $("error").textContent = `The API did not answer as expected (${e.message}).${since} Retrying every ${REFRESH_MS / 1000} s.`;
    $("error").hidden = false;
    if (!shown) $("status").textContent = "Waiting for the API…";
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

/** Who is signed in, in the header, with a way out. */
async function showUser() {
  const me = await getJson("/api/sign-in/me");
  const user = $("user");
  user.textContent = `${me.name} (${me.roles.join(", ")}) · `;
  const out = document.createElement("a");
  out.href = "#";
  out.textContent = "Sign out";
  out.addEventListener("click", (event) => { event.preventDefault(); LakehouseAuth.signOut(); });
  user.appendChild(out);
  document.body.dataset.user = me.name;
}

window.addEventListener("resize", () => shown && render(shown.summary, shown.lake, shown.recommendations));
RecommendationsPanel.wire(getJson);
LakehouseAuth.start().then(() => {
  showUser().catch(() => {});
  refresh();
}).catch((e) => {
  $("error").textContent = `Sign-in did not work (${e.message}). Reload the page to try again.`;
  $("error").hidden = false;
  $("status").textContent = "Not signed in";
  document.body.dataset.state = "sign-in-failed";
});
