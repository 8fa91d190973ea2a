/** Types of scripts/python.mjs, for the TypeScript tests and examples that start Python. */
export declare const INSTALL_HINT: string;

/** The environment used when none is named: the newest Flask of the matrix (envs without a role). */
export declare const DEFAULT_ENV: string;

/** The interpreter of a pinned environment, with the versions it reports. */
export interface FoundPython {
  /** The environment's name (scripts/pyenv/envs.json), e.g. "flask-3.1". */
  env: string;
  python: string;
  flask: string;
  itsdangerous: string;
  werkzeug: string;
  zlib: string;
  version: string;
}

/**
 * The interpreter of environment `env` (default: $FSC_PYTHON_ENV, else DEFAULT_ENV), built on
 * first use, or `null` when it cannot be had (cached per environment).
 */
export declare function findPython(env?: string): FoundPython | null;

/**
 * The names of the Flask environments (the version matrix), oldest Flask first; with `role`, the
 * environments of that role in envs.json instead (e.g. "flask-session").
 */
export declare function envNames(role?: string): string[];
