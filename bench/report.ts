/**
 * Reports of bench/results.json: the table printed at the end of `npm run bench`, the same as
 * Markdown (for the README), and the SVG chart. As a script, it redraws the chart from a results
 * file and prints the Markdown table:
 *
 *     npm run bench:report [-- path/to/results.json]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { RESULTS_JSON } from "./paths.js";
import type { BenchResults, TimingRow } from "./results.js";

const us = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const times = (n: number | null) => (n === null ? "-" : `${n.toFixed(1)}×`);
const verdict = (met: boolean | null) => (met === null ? "n/a" : met ? "met" : "NOT MET");
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

function goalText(row: TimingRow): string {
  return `≥ ${row.goal}×${row.aim ? ` (aim ${row.aim}×)` : ""}`;
}

function label(row: { case: string; jsonBytes: number; compressed?: boolean; cookieBytes?: number }): string {
  const cookie = row.cookieBytes === undefined ? "" : `, ${row.cookieBytes} B cookie`;
  return `${row.case} (${row.jsonBytes} B JSON${cookie}${row.compressed === undefined ? "" : row.compressed ? ", compressed" : ", uncompressed"})`;
}

/** Express's figures, from the medians of its interleaved rounds. */
function expressFigures(e: NonNullable<BenchResults["express"]>) {
  return {
    hello: e.cpuPerRequest.hello.median,
    read: e.cpuPerRequest["session-read"].median,
    write: e.cpuPerRequest["session-write"].median,
  };
}

/** One line saying what was measured on what. */
export function header(r: BenchResults): string {
  const py = r.python
    ? `Python ${r.python.python}, Flask ${r.python.flask}, itsdangerous ${r.python.itsdangerous}, zlib ${r.python.zlib}`
    : "Python not available";
  return (
    `Node ${r.machine.node} (V8 ${r.machine.v8}) vs ${py}; ${r.machine.cpu}, ${r.machine.cores} cores, ` +
    `${r.machine.memoryGiB} GiB, ${r.machine.os}; CPU µs per call, medians of ${r.rounds} interleaved rounds, ${r.generatedAt}`
  );
}

/** Every goal of #16 with its figure and verdict, one row each: the table of the README and of docs/performance.md. */
function goalRows(r: BenchResults): string[][] {
  const rows: string[][] = [];
  for (const t of r.timings) {
    rows.push([
      label(t),
      `\`${t.fn}\` vs Python`,
      us(t.node.median),
      t.python ? us(t.python.median) : "-",
      `${times(t.ratio)} faster`,
      goalText(t),
      verdict(t.met),
    ]);
  }
  for (const j of r.jsonLoads ?? []) {
    rows.push([
      label(j),
      "`json.loads` vs `JSON.parse`",
      us(j.ours.median),
      us(j.native.median),
      `${times(j.ratio)} the time`,
      `≤ ${j.goal}×`,
      verdict(j.met),
    ]);
  }
  if (r.memory) {
    rows.push([
      "memory",
      `${(r.memory.calls / 1e6).toFixed(1)}M calls`,
      `growth ${(r.memory.growthBytes / 1024).toFixed(0)} KiB`,
      "",
      "",
      `none (< ${mib(r.memory.toleranceBytes)})`,
      verdict(r.memory.met),
    ]);
  }
  if (r.express) {
    const f = expressFigures(r.express);
    rows.push([
      "Express hello world + session (read)",
      "server CPU µs/request",
      `${f.hello.toFixed(0)} → ${f.read.toFixed(0)}`,
      "",
      `${r.express.costPercent.read.toFixed(1)}% of the rate`,
      `≤ ${r.express.goalPercent}%`,
      verdict(r.express.met),
    ]);
  }
  return rows;
}

const COLUMNS = ["session", "measure", "Node (CPU µs, median)", "Python / JSON.parse (same)", "Node is", "goal", ""];

/** The results as a plain-text table. */
export function textTable(r: BenchResults): string {
  const rows = [COLUMNS, ...goalRows(r).map((row) => row.map((cell) => cell.replaceAll("`", "")))];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = rows.map((row) =>
    row.map((cell, i) => (i >= 2 && i <= 4 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  "),
  );
  const out = [header(r), "", ...lines];
  if (r.memory) {
    out.push(
      "",
      `memory: ${r.memory.calls.toLocaleString("en")} calls in ${r.memory.seconds.toFixed(1)} s, heap + buffers ` +
        `${mib(r.memory.samples[1]!.heapUsed + r.memory.samples[1]!.arrayBuffers)} after 100k calls, growth ` +
        `${(r.memory.growthBytes / 1024).toFixed(0)} KiB by the end (tolerance ${mib(r.memory.toleranceBytes)}): ${verdict(r.memory.met)}`,
    );
  }
  if (r.express) {
    const e = r.express;
    const f = expressFigures(e);
    out.push(
      "",
      `express (${e.implementation}), ${e.connections} connections, ${e.secondsPerRun} s per run, medians of ${e.rps.hello.rounds.length} rounds:`,
      `  server CPU per request: hello world ${f.hello.toFixed(1)} µs, with session (read) ${f.read.toFixed(1)} µs = ` +
        `${e.costPercent.read.toFixed(1)}% of the rate (goal ≤ ${e.goalPercent}%): ${verdict(e.met)}`,
      `  with session written every request ${f.write.toFixed(1)} µs = ${e.costPercent.write.toFixed(1)}%`,
      `  measured rates: hello ${e.rps.hello.median.toFixed(0)} req/s, read ${e.rps["session-read"].median.toFixed(0)} ` +
        `(${e.rateCostPercent.read.toFixed(1)}% less), write ${e.rps["session-write"].median.toFixed(0)} (${e.rateCostPercent.write.toFixed(1)}% less)`,
    );
    if (e.cpuPerRequest.noop?.rounds.length && e.costOverNoopPercent) {
      out.push(
        `  not the goal's baseline: against hello world behind a pass-through app.use (${e.cpuPerRequest.noop.median.toFixed(1)} µs), ` +
          `read costs ${e.costOverNoopPercent.read.toFixed(1)}% of the rate, write ${e.costOverNoopPercent.write.toFixed(1)}%`,
      );
    }
  }
  return out.join("\n");
}

/** The results as a Markdown table (as in the README's Performance section and docs/performance.md). */
export function markdownTable(r: BenchResults): string {
  const lines = [`| ${COLUMNS.join(" | ")} |`, "| --- | --- | ---: | ---: | ---: | --- | --- |"];
  for (const row of goalRows(r)) {
    const [what, measure, node, other, ratio, goal, met] = row;
    lines.push(`| ${what} | ${measure} | ${node} | ${other} | **${ratio}** | ${goal} | ${met} |`);
  }
  return lines.join("\n");
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]!);
}

/**
 * The chart: for every timed call, a bar for how many times faster than Python Node is, the goal
 * as a red tick (the aim, where there is one, as a dashed tick), and the µs per call on both
 * sides as labels. Hand-written SVG, no dependencies.
 */
export function renderChart(r: BenchResults): string {
  const rows = r.timings.filter((t) => t.ratio !== null);
  const left = 250;
  const barArea = 430;
  const right = 170;
  const rowHeight = 34;
  const top = 56;
  const width = left + barArea + right;
  // Below the bars, one line per goal that is not a speed-up over Python.
  const notes: [string, boolean][] = [
    ...(r.jsonLoads ?? []).map((j): [string, boolean] => [
      `json.loads on ${j.case}'s ${j.jsonBytes} B JSON: ${j.ratio.toFixed(2)}× JSON.parse's time (goal ≤ ${j.goal}×): ${verdict(j.met)}`,
      j.met,
    ]),
    ...(r.express
      ? [
          [
            `Express hello world + session: ${r.express.costPercent.read.toFixed(1)}% of the rate (goal ≤ ${r.express.goalPercent}%): ${verdict(r.express.met)}`,
            r.express.met,
          ] as [string, boolean],
        ]
      : []),
  ];
  const notesTop = top + rows.length * rowHeight + 40;
  const height = notesTop + notes.length * 18 + (notes.length ? 8 : 4);
  const maxRatio = Math.max(2, ...rows.map((t) => Math.max(t.ratio!, t.aim ?? 0, t.goal))) * 1.08;
  const x = (ratio: number) => left + (ratio / maxRatio) * barArea;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="600" fill="#111">How many times faster than Python (Flask's own serializer)</text>`,
    `<text x="12" y="40" fill="#555">Node ${escapeXml(r.machine.node)} vs CPython ${escapeXml(r.python?.python ?? "?")}, CPU time, medians of ${r.rounds} interleaved rounds; red tick = goal, dashed = aim</text>`,
  );
  for (let tick = 0; tick <= maxRatio; tick += maxRatio > 12 ? 2 : 1) {
    const tx = x(tick);
    out.push(
      `<line x1="${tx.toFixed(1)}" y1="${top - 4}" x2="${tx.toFixed(1)}" y2="${top + rows.length * rowHeight}" stroke="${tick === 1 ? "#999" : "#e5e5e5"}" stroke-width="1"/>`,
      `<text x="${tx.toFixed(1)}" y="${top + rows.length * rowHeight + 16}" text-anchor="middle" fill="#555">${tick}×</text>`,
    );
  }
  rows.forEach((t, i) => {
    const y = top + i * rowHeight;
    const met = t.met !== false;
    out.push(
      `<text x="${left - 10}" y="${y + 14}" text-anchor="end" fill="#111">${escapeXml(`${t.fn}  ${t.case}`)}</text>`,
      `<text x="${left - 10}" y="${y + 27}" text-anchor="end" fill="#777" font-size="11">${escapeXml(`${t.jsonBytes} B JSON, ${t.compressed ? "compressed" : "uncompressed"}`)}</text>`,
      `<rect x="${left}" y="${y + 5}" width="${(x(t.ratio!) - left).toFixed(1)}" height="${rowHeight - 12}" fill="${met ? "#2f7d4f" : "#c0392b"}" rx="2"/>`,
      `<line x1="${x(t.goal).toFixed(1)}" y1="${y + 1}" x2="${x(t.goal).toFixed(1)}" y2="${y + rowHeight - 3}" stroke="#d62728" stroke-width="2.5"/>`,
    );
    if (t.aim) {
      out.push(
        `<line x1="${x(t.aim).toFixed(1)}" y1="${y + 1}" x2="${x(t.aim).toFixed(1)}" y2="${y + rowHeight - 3}" stroke="#d62728" stroke-width="1.5" stroke-dasharray="3 2"/>`,
      );
    }
    out.push(
      `<text x="${(x(Math.max(t.ratio!, t.goal, t.aim ?? 0)) + 8).toFixed(1)}" y="${y + 14}" fill="#111" font-weight="600">${times(t.ratio)}</text>`,
      `<text x="${(x(Math.max(t.ratio!, t.goal, t.aim ?? 0)) + 8).toFixed(1)}" y="${y + 27}" fill="#555" font-size="11">${us(t.node.median)} vs ${us(t.python!.median)} µs</text>`,
    );
  });
  notes.forEach(([text, met], i) => {
    out.push(`<text x="12" y="${notesTop + i * 18}" fill="${met ? "#2f7d4f" : "#c0392b"}">${escapeXml(text)}</text>`);
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}

function main(): void {
  const file = process.argv[2] ?? RESULTS_JSON;
  const results = JSON.parse(readFileSync(file, "utf8")) as BenchResults;
  const svg = file.replace(/\.json$/, ".svg");
  writeFileSync(svg, renderChart(results));
  console.log(`${svg} written.\n`);
  console.log(markdownTable(results));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
