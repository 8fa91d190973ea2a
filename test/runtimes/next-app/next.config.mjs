// The repository is the root: the library's own dependencies (pako, @noble/hashes) resolve from
// its node_modules, as they would from an app's.
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../..", import.meta.url));

export default { turbopack: { root }, outputFileTracingRoot: root };
