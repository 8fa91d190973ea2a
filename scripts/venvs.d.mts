/** Types of scripts/venvs.mjs: the pinned Python environments of scripts/pyenv/envs.json. */
export interface PythonEnv {
  name: string;
  python: string;
  flask: string;
  werkzeug: string;
  itsdangerous: string;
  /** Set for environments that serve one generator only (e.g. "flask-session"); not in the Flask matrix. */
  role?: string;
}
export declare const VENV_DIR: string;
export declare function listEnvs(): PythonEnv[];
/** The Flask matrix: the environments without a role, oldest Flask first. */
export declare function flaskEnvs(): PythonEnv[];
export declare function getEnv(name: string): PythonEnv;
export declare function findInterpreter(minor: string): string | null;
export declare function envDir(name: string): string;
export declare function envPython(name: string): string | null;
export declare function ensureEnv(name: string, options?: { quiet?: boolean }): string;
