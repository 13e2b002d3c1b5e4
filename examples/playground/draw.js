// The playground's pictures: the decision boundary (canvas), the hidden units' weight vectors
// (SVG, so a test can read what was drawn) and the loss curve (canvas). Plain functions of
// what they draw; no symbreak calls here. Colours as in the CLI's HTML report (src/cli/svg/color.ts).

export const UNIT_COLORS = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf',
  '#bcbd22', '#7f7f7f', '#393b79', '#ad494a', '#637939', '#8c6d31', '#7b4173', '#3182bd',
];
const CLASS_COLORS = ['#c0392b', '#1f5fa8'];
const LOW = [240, 150, 140];
const MID = [247, 247, 247];
const HIGH = [140, 180, 235];

export const unitColor = (j) => UNIT_COLORS[j % UNIT_COLORS.length];

/** Each hidden unit of a 2-input network: incoming weights w1, w2, bias b, outgoing weight v. */
export function unitsOf(weights) {
  const [hidden, out] = weights;
  return Array.from({ length: hidden.kernel.rows }, (_, j) => ({
    j,
    w1: hidden.kernel.data[2 * j],
    w2: hidden.kernel.data[2 * j + 1],
    b: hidden.bias[j],
    v: out.kernel.data[j],
  }));
}

/** Units with bit-identical incoming weights and bias: drawn as one arrow and one line. */
export function coincident(units) {
  const groups = new Map();
  for (const u of units) {
    const key = `${u.w1},${u.w2},${u.b}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(u);
  }
  return [...groups.values()];
}

/** A square region around the points plus a margin of 1 (as the course's plots), and its cell centres. */
export function gridOver(x, cells) {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < x.rows; i++) {
    x0 = Math.min(x0, x.data[2 * i]);
    x1 = Math.max(x1, x.data[2 * i]);
    y0 = Math.min(y0, x.data[2 * i + 1]);
    y1 = Math.max(y1, x.data[2 * i + 1]);
  }
  const half = Math.max(x1 - x0, y1 - y0) / 2 + 1;
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  const data = new Float32Array(cells * cells * 2);
  for (let r = 0; r < cells; r++) {
    for (let c = 0; c < cells; c++) {
      data[2 * (r * cells + c)] = cx - half + ((c + 0.5) * 2 * half) / cells;
      data[2 * (r * cells + c) + 1] = cy + half - ((r + 0.5) * 2 * half) / cells; // row 0 at the top
    }
  }
  return { cells, xMin: cx - half, xMax: cx + half, yMin: cy - half, yMax: cy + half, inputs: { rows: cells * cells, cols: 2, data } };
}

/** P(class 1) -> red (0), white (0.5), blue (1). */
function probabilityRgb(p) {
  const t = Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0.5;
  const [to, k] = t < 0.5 ? [LOW, (0.5 - t) * 2] : [HIGH, (t - 0.5) * 2];
  return MID.map((v, i) => v + (to[i] - v) * k);
}

/** A canvas scaled for the screen's pixel ratio; drawing is in CSS pixels. */
function context2d(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const w = Number(canvas.getAttribute('width'));
  const h = Number(canvas.getAttribute('height'));
  if (canvas.width !== Math.round(w * ratio)) {
    canvas.style.width = `${w}px`;
    canvas.style.height = `${h}px`;
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, w, h };
}

const cellCanvas = document.createElement('canvas');

/** The predictions on the grid (smoothly scaled up), each unit's line w·x + b = 0, the points. */
export function drawBoundary(canvas, { grid, probabilities, x, y, units }) {
  const { ctx, w, h } = context2d(canvas);
  cellCanvas.width = cellCanvas.height = grid.cells;
  const image = new ImageData(grid.cells, grid.cells);
  for (let i = 0; i < probabilities.length; i++) image.data.set([...probabilityRgb(probabilities[i]), 255], 4 * i);
  cellCanvas.getContext('2d').putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(cellCanvas, 0, 0, w, h);
  const px = (v) => ((v - grid.xMin) / (grid.xMax - grid.xMin)) * w;
  const py = (v) => ((grid.yMax - v) / (grid.yMax - grid.yMin)) * h;
  // The line passes through -b·w/|w|² along (-w2, w1); units with equal weights draw the same line.
  ctx.lineWidth = 1.5;
  for (const u of units) {
    const n2 = u.w1 * u.w1 + u.w2 * u.w2;
    if (!(n2 > 0 && Number.isFinite(n2))) continue;
    const [ox, oy] = [(-u.b * u.w1) / n2, (-u.b * u.w2) / n2];
    const long = (2 * (grid.xMax - grid.xMin)) / Math.sqrt(n2);
    ctx.strokeStyle = unitColor(u.j);
    ctx.beginPath();
    ctx.moveTo(px(ox + u.w2 * long), py(oy - u.w1 * long));
    ctx.lineTo(px(ox - u.w2 * long), py(oy + u.w1 * long));
    ctx.stroke();
  }
  ctx.lineWidth = 0.6;
  ctx.strokeStyle = '#fff';
  for (let i = 0; i < x.rows; i++) {
    ctx.fillStyle = CLASS_COLORS[y.data[i] > 0.5 ? 1 : 0];
    ctx.beginPath();
    ctx.arc(px(x.data[2 * i]), py(x.data[2 * i + 1]), 2.6, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
}

export const fmt = (v) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : v.toFixed(3));

/**
 * Each unit's (w1, w2) as an arrow from the origin, scaled to the longest. Units that coincide
 * get a halo and one label "u0 = u1 = ...". Every unit's <line> carries its exact values in data-w.
 */
export function drawWeights(svg, units) {
  const C = 150;
  const R = 125;
  const longest = Math.max(0, ...units.map((u) => Math.hypot(u.w1, u.w2)).filter(Number.isFinite));
  const scale = longest > 0 ? longest * 1.05 : 1;
  const at = (u) => [C + (u.w1 / scale) * R, C - (u.w2 / scale) * R];
  const parts = [
    `<circle cx="${C}" cy="${C}" r="${R}" class="ring"/>`,
    `<line x1="${C - R - 8}" y1="${C}" x2="${C + R + 8}" y2="${C}" class="axis"/>`,
    `<line x1="${C}" y1="${C - R - 8}" x2="${C}" y2="${C + R + 8}" class="axis"/>`,
    `<text x="${C + R + 6}" y="${C - 5}" class="axis-label" text-anchor="end">w₁</text>`,
    `<text x="${C - 5}" y="${C - R - 1}" class="axis-label" text-anchor="end">w₂</text>`,
    `<text x="4" y="296" class="scale">circle: |w| = ${fmt(scale)}</text>`,
  ];
  const groups = coincident(units);
  for (const group of groups.filter((g) => g.length > 1)) {
    const [tx, ty] = at(group[0]);
    parts.push(`<line x1="${C}" y1="${C}" x2="${tx}" y2="${ty}" class="halo"/>`, `<circle cx="${tx}" cy="${ty}" r="9" class="halo-dot"/>`);
  }
  for (const u of units) {
    const [tx, ty] = at(u);
    parts.push(
      `<line x1="${C}" y1="${C}" x2="${tx}" y2="${ty}" stroke="${unitColor(u.j)}" class="unit" data-unit="${u.j}" data-w="${u.w1},${u.w2},${u.b}"/>`,
      `<circle cx="${tx}" cy="${ty}" r="4" fill="${unitColor(u.j)}"/>`,
    );
  }
  for (const group of groups) {
    const [tx, ty] = at(group[0]);
    const anchor = tx > C + 60 ? 'end' : 'start';
    const label = group.map((u) => `u${u.j}`).join(' = ');
    parts.push(`<text x="${tx + (anchor === 'end' ? -10 : 10)}" y="${ty - 8}" text-anchor="${anchor}" class="label${group.length > 1 ? ' same' : ''}">${label}</text>`);
  }
  svg.innerHTML = parts.join('');
  svg.dataset.groups = String(groups.length);
  return groups;
}

export function renderUnitTable(table, units) {
  table.innerHTML =
    '<tr><th>unit</th><th>w₁</th><th>w₂</th><th>b</th><th>out</th></tr>' +
    units
      .map(
        (u) =>
          `<tr><td><i style="background:${unitColor(u.j)}"></i>u${u.j}</td>` +
          `<td>${fmt(u.w1)}</td><td>${fmt(u.w2)}</td><td>${fmt(u.b)}</td><td>${fmt(u.v)}</td></tr>`,
      )
      .join('');
}

/**
 * The loss curve on a log scale over the whole run (x from 0 to `steps`), with a dot at the
 * current step. `curve[i]` is the loss before step i+1; lo/hi bound every finite value.
 */
export function drawLoss(canvas, { curve, step, loss, steps, lo, hi }) {
  const { ctx, w, h } = context2d(canvas);
  const m = { left: 46, right: 10, top: 10, bottom: 24 };
  ctx.clearRect(0, 0, w, h);
  if (!(lo > 0 && hi >= lo && Number.isFinite(hi))) return;
  let [a, b] = [Math.log10(lo), Math.log10(hi)];
  if (b - a < 0.1) [a, b] = [a - 0.05, b + 0.05];
  const X = (i) => m.left + (i / steps) * (w - m.left - m.right);
  const Y = (v) => m.top + ((b - Math.log10(v)) / (b - a)) * (h - m.top - m.bottom);
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = '#666';
  ctx.strokeStyle = '#e4e4e4';
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  for (let k = 0; k <= 3; k++) {
    const v = 10 ** (b - ((b - a) * k) / 3);
    ctx.beginPath();
    ctx.moveTo(m.left, Y(v));
    ctx.lineTo(w - m.right, Y(v));
    ctx.stroke();
    ctx.fillText(v.toPrecision(2), m.left - 5, Y(v) + 4);
  }
  for (const [i, align] of [[0, 'left'], [steps / 2, 'center'], [steps, 'right']]) {
    ctx.textAlign = align;
    ctx.fillText(String(Math.round(i)), X(i), h - 8);
  }
  // About one point per pixel column: a long run stays cheap to draw.
  const stride = Math.max(1, Math.floor(curve.length / (w - m.left - m.right)));
  const points = [];
  for (let i = 0; i < curve.length; i += stride) points.push([i, curve[i]]);
  points.push([step, loss]);
  ctx.strokeStyle = CLASS_COLORS[1];
  ctx.fillStyle = CLASS_COLORS[1];
  ctx.lineWidth = 1.8;
  ctx.beginPath();
  let pen = false; // lifted over non-finite values
  for (const [i, v] of points) {
    const ok = Number.isFinite(v) && v > 0;
    if (ok) pen ? ctx.lineTo(X(i), Y(v)) : ctx.moveTo(X(i), Y(v));
    pen = ok;
  }
  ctx.stroke();
  if (Number.isFinite(loss) && loss > 0) {
    ctx.beginPath();
    ctx.arc(X(step), Y(loss), 3, 0, 2 * Math.PI);
    ctx.fill();
  }
}
