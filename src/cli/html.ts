// The HTML report (--html FILE): one self-contained page, inline CSS and SVG only, no scripts
// and no external requests. Every number comes from the report model, and every piece of text
// goes through esc().
import { fmtPublished } from './circles.js';
import { fixText } from '../diagnostics/index.js';
import { findingsLine, firstOfEachCode, type LabelledFindings } from './findings.js';
import { fmtAcc, fmtLoss, fmtPct, fmtRate, fmtSci, fmtSeconds } from './format.js';
import type { CirclesResult, Curve, DemoReport, DepthResult, DepthRun, SymmetryResult, SymmetryRun } from './report.js';
import { boundaryChart } from './svg/boundary.js';
import { initColor, UNIT_COLORS } from './svg/color.js';
import { esc } from './svg/escape.js';
import { heatmap } from './svg/heatmap.js';
import { lineChart, type Series } from './svg/line-chart.js';
import { depthLessonLines } from './depth.js';
import { lessonLines } from './symmetry.js';


/** Values below this are drawn on the bottom edge of the depth charts' log axes. */
const DEPTH_FLOOR = 1e-12;

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f6f6f4;color:#1d1d1f;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1260px;margin:0 auto;padding:20px 24px 40px}
h1{font-size:24px;margin:8px 0 4px}
h2{font-size:19px;margin:0 0 6px}
h3{font-size:15px;margin:18px 0 6px}
p{margin:6px 0;max-width:980px}
.lead{color:#444}
section{background:#fff;border:1px solid #e2e2de;border-radius:10px;padding:16px 20px;margin:18px 0}
.charts{display:flex;flex-wrap:wrap;gap:10px 18px;align-items:flex-start}
.charts svg{background:#fff}
.charts.tight{gap:10px 8px}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
th,td{padding:3px 8px;border-bottom:1px solid #ececec;text-align:right;white-space:nowrap}
th{font-weight:600;border-bottom:1px solid #bbb;font-size:13px}
th:first-child,td:first-child,td.text,th.text{text-align:left}
td.wrap{white-space:normal;text-align:left;font-size:12.5px}
.sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:0}
.verdict-bad{color:#b3261e;font-weight:600}
.verdict-good{color:#1b7a34;font-weight:600}
.verdict-slow{color:#9a6200;font-weight:600}
.lesson{margin:8px 0;padding:8px 12px;background:#f3f6fb;border-left:3px solid #6b8fd6;max-width:1000px}
.pair{display:flex;gap:18px;align-items:flex-start}
.pair .lesson{flex:1;margin-top:12px}
.lesson p{margin:3px 0}
.note{color:#555;font-size:13px}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12.5px;margin:4px 0}
ul.findings{margin:6px 0;padding-left:18px;font-size:13px;max-width:1100px}
ul.findings li{margin:4px 0}
.sev-error{color:#b3261e;font-weight:600}
.sev-warning{color:#9a6200;font-weight:600}
.sev-info{color:#1a5fb4;font-weight:600}
code{font:11.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f1f1ee;padding:0 3px;border-radius:3px}
footer{color:#666;font-size:12.5px;margin-top:10px}
`;

function swatch(color: string): string {
  return `<span class="sw" style="background:${esc(color)}"></span>`;
}

function row(cells: readonly string[], classes: readonly string[] = []): string {
  return `<tr>${cells.map((c, i) => `<td${classes[i] ? ` class="${classes[i]}"` : ''}>${c}</td>`).join('')}</tr>`;
}

function tableHtml(headers: readonly string[], rows: readonly string[], textColumns: readonly number[] = []): string {
  const th = headers.map((h, i) => `<th${textColumns.includes(i) ? ' class="text"' : ''}>${esc(h)}</th>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function curvePoints(c: Curve): [number, number][] {
  return c.iteration.map((it, i) => [it, c.loss[i]!]);
}

function verdictClass(v: string): string {
  if (v.startsWith('learns slowly')) return 'verdict-slow';
  if (v.startsWith('learns')) return 'verdict-good';
  return 'verdict-bad';
}

function findingsList(items: readonly LabelledFindings[]): string {
  const li = firstOfEachCode(items).map(
    ({ label, finding: f }) =>
      `<li><span class="sev-${esc(f.severity)}">${esc(f.code)}</span> <span class="note">(${esc(label)}, layer ${f.layer})</span>: ` +
      `${esc(f.message)}<br><span class="note">fix: ${esc(fixText(f))}</span></li>`,
  );
  return li.length > 0 ? `<ul class="findings">${li.join('')}</ul>` : '<p class="note">No findings.</p>';
}

/** Do all units of a weight trace follow the same trajectory (the symmetry made visible)? */
export function unitsCoincide(run: SymmetryRun, inputs = 2): boolean {
  return run.weights.kernel.every((k) => {
    for (let u = 1; u < run.units; u++) {
      for (let i = 0; i < inputs; i++) if (k[u * inputs + i] !== k[i]) return false;
    }
    return true;
  });
}

function weightChart(run: SymmetryRun, inputs = 2): string {
  const series: Series[] = [];
  for (let u = 0; u < run.units; u++) {
    for (let i = 0; i < inputs; i++) {
      series.push({
        name: `unit ${u}, w${i + 1}`,
        color: UNIT_COLORS[u % UNIT_COLORS.length]!,
        dash: i === 0 ? undefined : '5 3',
        points: run.weights.iteration.map((it, s) => [it, run.weights.kernel[s]![u * inputs + i]!]),
      });
    }
  }
  const same = unitsCoincide(run, inputs);
  return lineChart({
    title: `${run.init}: hidden units' incoming weights`,
    subtitle: same
      ? `all ${run.units} units lie on the same lines: ${run.distinctUnits} distinct unit`
      : `${run.distinctUnits} distinct units: the lines separate`,
    xLabel: 'iteration',
    yLabel: 'weight',
    series,
    width: 370,
    height: 240,
    legend: false,
  });
}

function symmetrySection(r: SymmetryResult): string {
  const s = r.settings;
  const rows = r.runs.map((run) =>
    row(
      [
        `${swatch(initColor(run.init))}${esc(run.init)}`,
        `<code>${esc(run.code)}</code>`,
        esc(fmtLoss(run.loss)),
        esc(fmtPct(run.accuracy)),
        esc(`${run.distinctUnits} of ${run.units}`),
        esc(String(run.lockedGroups)),
        esc(fmtPct(run.saturationInit)),
        esc(fmtPct(run.saturationFinal)),
        esc(fmtRate(run.stepsPerSecond)),
        `<span class="${verdictClass(run.verdict)}">${esc(run.verdict)}</span>`,
      ],
      ['', 'text', '', '', '', '', '', '', '', 'text'],
    ),
  );
  const loss = lineChart({
    title: 'Loss per iteration (log scale)',
    subtitle: 'binary cross-entropy on the training set, full batch',
    xLabel: 'iteration',
    yLabel: 'loss',
    yLog: true,
    width: 600,
    height: 300,
    series: r.runs.map((run, i) => ({ name: run.init, color: initColor(run.init, i), points: curvePoints(run.curve) })),
  });
  const traced = ['zeros', 'constant', 'randn*0.01']
    .map((name) => r.runs.find((run) => run.init === name))
    .filter((run): run is SymmetryRun => run !== undefined);
  const unitLegend = Array.from(
    { length: s.hiddenUnits },
    (_, u) => `<span>${swatch(UNIT_COLORS[u % UNIT_COLORS.length]!)}unit ${u}</span>`,
  ).join('');
  const boundaries = r.runs.map((run) =>
    boundaryChart({
      title: run.init,
      subtitle: `accuracy ${fmtPct(run.accuracy)}`,
      grid: r.grid,
      probabilities: run.boundary,
      points: r.data,
      size: 150,
    }),
  );
  const maps = r.runs.map((run) =>
    heatmap({
      title: run.init,
      subtitle: `${run.distinctUnits} distinct of ${run.units}`,
      values: run.similarity,
      labels: Array.from({ length: run.units }, (_, u) => `u${u}`),
      cell: 26,
    }),
  );
  return `<section id="symmetry">
<h2>1. Symmetry: the lesson's network</h2>
<p>Planar flower (${s.samples} points), 2 inputs &rarr; ${s.hiddenUnits} ${esc(s.hiddenActivation)} units &rarr; 1 ${esc(s.outputActivation)} output; full-batch gradient descent, learning rate ${s.learningRate}, ${s.iterations} iterations, seed ${s.seed}. Only the initialization of the kernels changes (every layer gets it; biases start at zero). Distinct units and locked groups come from <code>sb.diagnose</code> after training; saturation is the share of tanh activations with |a| &gt; 0.99.</p>
${tableHtml(['init', 'initializer', 'loss', 'accuracy', 'distinct units', 'locked groups', 'saturated (start)', '(end)', 'steps/s', 'verdict'], rows, [0, 1, 9])}
<div class="pair"><div class="lesson">${lessonLines(r).map((l) => `<p>${esc(l)}</p>`).join('')}</div>${loss}</div>
<h3>The symmetry made visible: the hidden units' incoming weights during training</h3>
<p class="note">One colour per hidden unit; solid: the weight from x1, dashed: from x2. With zeros every weight stays 0; with a constant the four units move as one; with randn*0.01 they start apart and go their own ways.</p>
<div class="legend">${unitLegend}</div>
<div class="charts">${traced.map((run) => weightChart(run)).join('')}</div>
<h3>Decision boundaries after training</h3>
<p class="note">Background: the network's probability of the blue class on a grid (red &lt; 0.5 &lt; blue); points: the training data.</p>
<div class="charts tight">${boundaries.join('')}</div>
<h3>How alike are the hidden units? |cosine| between their activation columns after training</h3>
<p class="note">1 everywhere: the units compute the same function (one unit copied four times). Off-diagonal values below 1: different functions.</p>
<div class="charts">${maps.join('')}</div>
<h3>What diagnose() says after training</h3>
${tableHtml(['init', 'findings'], r.runs.map((run) => row([esc(run.init), esc(findingsLine(run.findings))], ['', 'wrap'])), [0, 1])}
${findingsList(r.runs.map((run) => ({ label: run.init, findings: run.findings })))}
</section>`;
}

function circlesSection(r: CirclesResult): string {
  const s = r.settings;
  const rows = r.runs.map((run) =>
    row([
      `${swatch(initColor(run.init))}${esc(run.init)}`,
      `<code>${esc(run.code)}</code>`,
      esc(fmtAcc(run.trainAccuracy)),
      esc(fmtAcc(run.testAccuracy)),
      esc(`${fmtPublished(run.published.train)} / ${fmtPublished(run.published.test)}`),
      esc(fmtLoss(run.trainLoss)),
      esc(run.distinctUnits.map((d, l) => `${d}/${s.layers[l + 1]}`).join(' ')),
      esc(fmtRate(run.stepsPerSecond)),
    ], ['', 'text']),
  );
  const loss = lineChart({
    title: 'Loss per iteration (log scale)',
    xLabel: 'iteration',
    yLabel: 'loss',
    yLog: true,
    width: 520,
    height: 300,
    series: r.runs.map((run, i) => ({ name: run.init, color: initColor(run.init, i), points: curvePoints(run.curve) })),
  });
  const boundaries = r.runs.map((run) =>
    boundaryChart({
      title: run.init,
      subtitle: `train ${fmtAcc(run.trainAccuracy)}, test ${fmtAcc(run.testAccuracy)}`,
      grid: r.grid,
      probabilities: run.boundary,
      points: r.data,
      size: 220,
    }),
  );
  return `<section id="circles">
<h2>2. Circles: the course's &ldquo;Initialization&rdquo; assignment</h2>
<p>make_circles, ${s.train} training and ${s.test} test points, noise ${s.noise}; network [${s.layers.join(', ')}] ${esc(s.activations.join('-'))}; full-batch gradient descent, learning rate ${s.learningRate}, ${s.iterations} iterations (the course: ${s.publishedIterations}), seed ${s.seed}. Published: the notebook's printed accuracies.</p>
${tableHtml(['init', 'initializer', 'train acc', 'test acc', 'published train / test', 'loss', 'distinct units', 'steps/s'], rows, [0, 1])}
<div class="lesson"><p>${esc(r.note)}</p></div>
<div class="charts">${loss}${boundaries.join('')}</div>
<h3>What diagnose() says after training</h3>
${findingsList(r.runs.map((run) => ({ label: run.init, findings: run.findings })))}
</section>`;
}

function depthCharts(r: DepthResult, depth: number): string {
  const runs = r.runs.filter((run) => run.depth === depth);
  const charts: string[] = [];
  const below = (v: number): boolean => !(v >= DEPTH_FLOOR);
  for (const [what, pick] of [
    ['activations', (run: DepthRun) => run.activationStd],
    ['gradients', (run: DepthRun) => run.gradientStd],
  ] as const) {
    for (const act of r.settings.activations) {
      const mine = runs.filter((run) => run.activation === act);
      const clipped = mine.some((run) => pick(run).some(below));
      charts.push(
        lineChart({
          title: `${act} x${depth}: std of the ${what}`,
          subtitle: clipped ? `log scale; below ${DEPTH_FLOOR.toExponential(0)}: on the bottom edge` : 'log scale',
          xLabel: 'hidden layer',
          yLabel: `std of ${what === 'activations' ? 'a' : 'dL/dW'}`,
          yLog: true,
          yFloor: DEPTH_FLOOR,
          width: 272,
          height: 240,
          legend: false,
          series: mine.map((run, i) => ({
            name: run.init,
            color: initColor(run.init, i),
            points: pick(run).map((v, l) => [l, v] as [number, number]),
          })),
        }),
      );
    }
  }
  return `<h3>${depth} hidden layers of ${r.settings.width} units</h3><div class="charts">${charts.join('')}</div>`;
}

function depthSection(r: DepthResult): string {
  const s = r.settings;
  const legend = s.inits
    .map(({ init, code }, i) => `<span>${swatch(initColor(init, i))}${esc(init)} <code>${esc(code)}</code></span>`)
    .join('');
  const label = (run: DepthRun): string => `${run.activation} x${run.depth} ${run.init}`;
  const last = (v: readonly number[]): number => v[v.length - 1]!;
  const rows = r.runs.map((run) =>
    row(
      [
        esc(run.activation),
        esc(String(run.depth)),
        `${swatch(initColor(run.init))}${esc(run.init)}`,
        esc(fmtSci(run.activationStd[0]!)),
        esc(fmtSci(last(run.activationStd))),
        esc(fmtSci(run.gradientStd[0]!)),
        esc(fmtSci(last(run.gradientStd))),
        esc(findingsLine(run.findings)),
      ],
      ['text', '', 'text', '', '', '', '', 'wrap'],
    ),
  );
  return `<section id="depth">
<h2>3. Depth: why deep nets need better than 0.01</h2>
<p>Networks of ${s.depths.join(' and ')} hidden layers of ${s.width} tanh or relu units and a sigmoid output, measured at initialization on one batch of ${s.batch} samples (x ~ N(0, 1), label: the sign of the first feature): the std of each hidden layer's activations and of its kernel gradient (binary cross-entropy). Layers are counted from 0, as <code>sb.diagnose</code> counts them.</p>
<div class="lesson">${depthLessonLines(r).map((l) => `<p>${esc(l)}</p>`).join('')}</div>
<div class="legend">${legend}</div>
${s.depths.map((d) => depthCharts(r, d)).join('\n')}
<h3>First and last hidden layer, and what diagnose() finds</h3>
${tableHtml(['act', 'layers', 'init', 'act std first', 'act std last', 'grad std first', 'grad std last', 'findings'], rows, [0, 2, 7])}
${findingsList(r.runs.map((run) => ({ label: label(run), findings: run.findings })))}
</section>`;
}

export function renderHtml(report: DemoReport): string {
  const sections: string[] = [];
  for (const name of report.experiments) {
    if (name === 'symmetry' && report.symmetry) sections.push(symmetrySection(report.symmetry));
    if (name === 'circles' && report.circles) sections.push(circlesSection(report.circles));
    if (name === 'depth' && report.depth) sections.push(depthSection(report.depth));
  }
  const times = report.experiments
    .map((name) => `${name} ${fmtSeconds(report.seconds[name] ?? 0)}`)
    .join(', ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>symbreak demo: how initialization decides whether a network can learn</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>symbreak: how the initial weights decide whether a network can learn</h1>
<p class="lead">If every hidden unit starts with the same weights, every unit computes the same function and receives the same gradient, so they stay identical however long you train: more than one unit is useless. Random weights break the symmetry; small ones (randn*0.01) keep tanh and sigmoid out of their flat regions, and deep networks need a scale fitted to the layer (Xavier, He, orthogonal, LSUV). Every number below was measured by <code>${esc(report.command)}</code>${report.quick ? ' (reduced sizes)' : ''} on symbreak's WebAssembly core.</p>
${sections.join('\n')}
<footer>Generated by <code>${esc(report.command)}</code> in ${esc(fmtSeconds(report.seconds.total))} (${esc(times)}). Steps per second depend on the machine; everything else is fixed by the seed.</footer>
</main>
</body>
</html>
`;
}
