#!/usr/bin/env node
// Runs the Prisma CLI offline: without these two variables it tries to download native
// engines on every call, even `prisma -v`. The app and migrations use the WASM engines and
// driver adapters (prisma.config.ts), so the paths only need to exist.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: {
    PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
    PRISMA_QUERY_ENGINE_LIBRARY: "/bin/false",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
    ...process.env,
    // The schema file insists on a url even though the adapters connect; this is the
    // embedded default of app/utils/database-url.ts.
    DATABASE_URL: process.env.DATABASE_URL || "file:./data/silu.db",
  },
});
process.exit(result.status ?? 1);
