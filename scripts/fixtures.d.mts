/** Types of scripts/fixtures.mjs, the fixture driver (`npm run fixtures`). */
export interface Generator {
  script: string;
  outputs: string[];
  envs?: "all" | string[];
  dedupe?: boolean;
  versionIndependent?: boolean;
  inPlace?: boolean;
  args?: (dir: string, env: string) => string[];
}
export declare const GENERATORS: Generator[];
export declare const PROVENANCE: string[];
/** The text a fixture's tableSha256 is the hash of: the file without its provenance lines. */
export declare function tableText(text: string): string;
export declare function sha256(text: string): string;
export declare function provenance(text: string): {
  generatedBy: Record<string, string | null> & { env: string };
  tableSha256: string;
  sameTableFrom: (Record<string, string | null> & { env: string; tableSha256: string })[];
};
