// Production server: Express + the Remix request handler + static assets.
// Validates the configuration (app/utils/env.server.ts) before it listens.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const root = path.dirname(fileURLToPath(import.meta.url));
const build = await import(path.join(root, "build", "index.js"));

let env;
try {
  env = build.entry.module.env();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
// Behind one reverse proxy in production, req.ip is the client's address from X-Forwarded-For.
app.set("trust proxy", env.TRUST_PROXY ? 1 : false);
app.use(compression());
// Fingerprinted bundles never change; everything else in public/ may.
app.use("/build", express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
// Every mutation must come from a page of this portal (CSRF guard; webhooks are exempt).
app.use((req, res, next) => {
  const headers = { origin: req.get("origin"), referer: req.get("referer"), host: req.get("host") };
  if (build.entry.module.isSameOriginMutation(req.method, req.path, headers, env.APP_URL)) return next();
  res.status(403).type("text/plain").send("Cross-origin request refused");
});
app.all(
  "*",
  createRequestHandler({
    build,
    mode: env.NODE_ENV,
    getLoadContext: (req) => ({ ipAddress: req.ip ?? "unknown", userAgent: req.get("user-agent") ?? null }),
  }),
);

const stopBackgroundJobs = build.entry.module.startBackgroundJobs();
const server = app.listen(env.PORT, () => {
  console.log(`Silu Gateway listening on ${env.APP_URL} (port ${env.PORT})`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopBackgroundJobs();
    server.close(() => process.exit(0));
  });
}
