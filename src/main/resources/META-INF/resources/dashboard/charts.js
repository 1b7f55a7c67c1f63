// Small SVG charts with no dependencies: a time axis in UTC, a value axis from zero, lines or bars.
"use strict";

const Charts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const PAD = { left: 56, right: 12, top: 10, bottom: 24 };

  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  function hhmm(ms) {
    return new Date(ms).toISOString().substring(11, 16);
  }

  // 0, 1, 2, 2.5 or 5 times a power of ten, so ticks read as round numbers.
  function niceStep(max, count) {
    const raw = max / count;
    const pow = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * pow >= raw) return m * pow;
    return 10 * pow;
  }

  function frame(container, from, to, maxValue, formatValue) {
    container.textContent = "";
    const width = container.clientWidth || 600;
    const height = container.clientHeight || 220;
    const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none" }, container);
    const plotW = width - PAD.left - PAD.right;
    const plotH = height - PAD.top - PAD.bottom;
    const step = niceStep(maxValue > 0 ? maxValue : 1, 4);
    const top = Math.max(step, Math.ceil((maxValue || 0) / step) * step);
    const x = (ms) => PAD.left + ((ms - from) / (to - from)) * plotW;
    const y = (v) => PAD.top + plotH - (v / top) * plotH;
    const axis = el("g", { class: "axis" }, svg);
    for (let v = 0; v <= top + step / 2; v += step) {
      el("line", { x1: PAD.left, x2: width - PAD.right, y1: y(v), y2: y(v) }, axis);
      el("text", { x: PAD.left - 6, y: y(v) + 4, "text-anchor": "end" }, axis).textContent = formatValue(v);
    }
    const spanMin = (to - from) / 60000;
    const tickMin = [5, 10, 15, 30, 60, 120, 240, 360].find((m) => spanMin / m <= 7) || 720;
    const first = Math.ceil(from / (tickMin * 60000)) * tickMin * 60000;
    for (let t = first; t <= to; t += tickMin * 60000) {
      el("text", { x: x(t), y: height - 6, "text-anchor": "middle" }, axis).textContent = hhmm(t);
    }
    return { svg, x, y, plotW, barWidth: (ms) => Math.max(1, (ms / (to - from)) * plotW - 1) };
  }

  function empty(container, message) {
    container.textContent = "";
    const p = document.createElement("p");
    p.className = "empty";
    p.textContent = message;
    container.appendChild(p);
  }

  /** series: [{name, color, points: [[ms, value], ...]}] over [from, to). */
  function lines(container, series, from, to, formatValue) {
    const max = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p[1])));
    const f = frame(container, from, to, max, formatValue);
    for (const s of series) {
      const d = s.points.map((p, i) => `${i ? "L" : "M"}${f.x(p[0] + 30000).toFixed(1)},${f.y(p[1]).toFixed(1)}`).join("");
      el("path", { d, fill: "none", stroke: s.color, "stroke-width": 2, "vector-effect": "non-scaling-stroke" }, f.svg);
      el("title", {}, f.svg).textContent = s.name;
    }
  }

  /** One bar per point: [[ms, value], ...], each `widthMs` wide. */
  function bars(container, points, from, to, widthMs, color, formatValue) {
    const max = Math.max(0, ...points.map((p) => p[1]));
    const f = frame(container, from, to, max, formatValue);
    for (const [ms, v] of points) {
      if (v <= 0) continue;
      const rect = el("rect", { x: f.x(ms), y: f.y(v), width: f.barWidth(widthMs), height: f.y(0) - f.y(v), fill: color }, f.svg);
      el("title", {}, rect).textContent = `${hhmm(ms)} UTC: ${v}`;
    }
  }

  return { lines, bars, empty, hhmm };
})();
