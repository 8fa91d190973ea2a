/** Types of scripts/python.mjs, for the TypeScript tests and examples that start Python. */
export declare const INSTALL_HINT: string;

/** The interpreter that imports Flask, with the versions it reports. */
export interface FoundPython {
  python: string;
  flask: string;
  itsdangerous: string;
  werkzeug: string;
  zlib: string;
  version: string;
}

/** The interpreter that imports flask, or `null` when there is none (cached). */
export declare function findPython(): FoundPython | null;
