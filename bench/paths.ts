/** Where things are: the benchmarks run compiled, from .bench/bench/ (see tsconfig.bench.json). */
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The compiled benchmark scripts (this folder, under .bench/). */
export const BENCH_OUT = fileURLToPath(new URL(".", import.meta.url));

/** Where `npm run bench` writes its results by default (committed as the reference run). */
export const RESULTS_JSON = `${ROOT}bench/results.json`;

/** The chart drawn from those results. */
export const RESULTS_SVG = `${ROOT}bench/results.svg`;
