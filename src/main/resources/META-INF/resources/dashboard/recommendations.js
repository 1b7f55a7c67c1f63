// The recommendations panel: the served model's grades (from /api/recommendations, fetched with the summary by
// app.js) and a list: the popular one new customers get, or, once a customer id is entered, that customer's
// (/api/recommendations/{customer}). Figures carry data-kpi / data-value like the rest of the page.
"use strict";

const RecommendationsPanel = (() => {
  let customer = "";
  const el = (id) => document.getElementById(id);
  const four = (v) => Number(v).toFixed(4);

  function fig(name, value, format) {
    document.querySelectorAll(`[data-kpi="${name}"]`).forEach((node) => {
      node.dataset.value = value === null || value === undefined ? "" : String(value);
      node.textContent = value === null || value === undefined ? "—" : format(value);
    });
  }

  function rows(items, named, emptyText) {
    const body = el("recs-items").querySelector("tbody");
    body.textContent = "";
    if (!items.length) {
      const td = body.insertRow().insertCell();
      td.colSpan = 4;
      td.className = "emptyrow";
      td.textContent = emptyText;
      return;
    }
    for (const item of items) {
      const tr = body.insertRow();
      const values = [[item.rank, String], [item.productName || item.productId, String], [item.category || "—", String],
        [item.score, (v) => Number(v).toFixed(2)]];
      values.forEach(([value, format], i) => {
        const td = tr.insertCell();
        if (i === 3) td.className = "num";
        if (i === 1) td.className = "fill"; // long names are cut, the table fits its panel (app.css)
        const span = document.createElement("span");
        // Only the popular list, which the overview carries, is checked against the API (e2e/dashboard_check.py).
        if (named) {
          span.dataset.kpi = `recs-popular-${item.rank}-${["rank", "product", "category", "score"][i]}`;
          span.dataset.value = String(i === 1 ? item.productId : value);
        }
        span.textContent = format(value);
        if (i === 1) td.title = item.productId;
        td.appendChild(span);
      });
    }
  }

  /** The overview: grades of the served version and, unless a customer is picked, the popular list. */
  function render(overview) {
    const m = overview.model;
    el("recs-version").textContent = overview.modelVersion
      ? `${overview.modelVersion}${overview.stale ? " (a newer version is loading)" : ""}` : "no model trained yet";
    fig("recs-precision", m ? m.precisionAt10 : null, four);
    fig("recs-baseline-precision", m ? m.baselinePrecisionAt10 : null, four);
    fig("recs-lift", m ? m.liftOverBaseline : null, (v) => Number(v).toFixed(2));
    fig("recs-recall", m ? m.recallAt10 : null, four);
    fig("recs-baseline-recall", m ? m.baselineRecallAt10 : null, four);
    if (!customer) {
      el("recs-source").textContent = "What new customers get: the most bought products.";
      rows(overview.popular, true, "No model trained yet: spark-jobs' recommend writes the first lists.");
    }
  }

  async function show(getJson) {
    if (!customer) return;
    try {
      const answer = await getJson(`/api/recommendations/${encodeURIComponent(customer)}`);
      el("recs-source").textContent = answer.source === "personal"
        ? `Customer ${customer}: their own list (${answer.modelVersion}).`
        : `Customer ${customer} has no list of their own (new, or erased): the popular products.`;
      rows(answer.items, false, "No model trained yet.");
    } catch (e) {
      el("recs-source").textContent = `No list shown (${e.message}): one customer's list is for the analyst role.`;
    }
  }

  function wire(getJson) {
    el("recs-form").addEventListener("submit", (event) => {
      event.preventDefault();
      customer = el("recs-customer").value.trim();
      show(getJson);
    });
  }

  return { render, wire };
})();
