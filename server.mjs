// Production server: Express + the Remix request handler + static assets.
// Validates the configuration (app/utils/env.server.ts) before it listens.
import { STATUS_CODES } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";
import compression from "compression";
import express from "express";

const root = path.dirname(fileURLToPath(import.meta.url));
const build = await import(path.join(root, "build", "index.js"));
const guards = build.entry.module;

let env;
try {
  env = guards.env();
} catch (error) {
  // Before the configuration (and so LOG_LEVEL) is known: a plain message for whoever starts it.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const { logger, errorField } = guards;

const app = express();
app.disable("x-powered-by");
// Behind one reverse proxy in production, req.ip is the client's address from X-Forwarded-For.
app.set("trust proxy", env.TRUST_PROXY ? 1 : false);
// Every request gets an id (a trusted proxy's, or a new one), sent back in X-Request-Id and
// carried to the app's code; when it is answered, one JSON log line and its latency under the
// route's id, never its path (decision 029).
const routeLabel = guards.routeLabeller(build.routes);
// The balancer's probes and the scraper come every few seconds: their successes only at debug.
const PROBE_ROUTES = new Set(["routes/healthz", "routes/readyz", "routes/metrics"]);
app.use((req, res, next) => {
  const requestId = guards.requestIdFor(req.headers["x-request-id"], env.TRUST_PROXY);
  res.locals.requestId = requestId;
  res.setHeader("X-Request-Id", requestId);
  const started = process.hrtime.bigint();
  let done = false;
  const finished = () => {
    if (done) return;
    done = true;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const route = res.locals.route ?? routeLabel(req.path);
    // A client that went away before the answer was complete: 499, as proxies log it.
    const status = res.writableFinished ? res.statusCode : 499;
    guards.observeRequest(req.method, route, status, seconds);
    const fields = { requestId, method: req.method, route, status, durationMs: Math.round(seconds * 1e4) / 10 };
    if (status >= 500) logger.error("request", fields);
    else if (status < 400 && PROBE_ROUTES.has(route)) logger.debug("request", fields);
    else logger.info("request", fields);
  };
  res.on("finish", finished);
  res.on("close", finished);
  guards.runInRequest({ requestId }, next);
});
// Every response, whoever writes it, leaves with nosniff, a CSP, and a private cache unless it
// chose its own (app/utils/security-headers.server.ts).
app.use((req, res, next) => {
  guards.hardenResponse(res);
  next();
});
app.use(compression());
// Fingerprinted bundles never change; everything else in public/ may.
const staticRoute = (res) => {
  res.locals.route = "static";
};
app.use(
  "/build",
  express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y", setHeaders: staticRoute }),
);
app.use(express.static(path.join(root, "public"), { maxAge: "1h", setHeaders: staticRoute }));

/** A 4xx from the guards, in the language of the page asked for; the body is never read. */
async function refuse(req, res, refusal) {
  const { contentType, body } = await guards.refusalBody(refusal, req.path, req.get("accept"), res.locals.requestId);
  if (res.headersSent) return;
  res.status(refusal.status).set({ ...refusal.headers, "Content-Type": contentType, Connection: "close" });
  res.send(body);
}

// Method, form media type and declared body size, before anything reads the body
// (app/utils/request-guards.server.ts).
app.use((req, res, next) => {
  const refusal = guards.checkRequest(
    { method: req.method, path: req.path, url: req.originalUrl, headers: req.headers },
    env,
  );
  if (!refusal) return next();
  refuse(req, res, refusal).catch(next);
});
// Every mutation must come from a page of this portal (CSRF guard; the Stripe webhook is exempt).
app.use((req, res, next) => {
  const headers = {
    origin: req.get("origin"),
    referer: req.get("referer"),
    host: req.get("host"),
    forwardedHost: env.TRUST_PROXY ? req.get("x-forwarded-host") : undefined,
  };
  if (guards.isSameOriginMutation(req.method, req.path, headers, env.APP_URL)) return next();
  res.status(403).type("text/plain").send("Cross-origin request refused");
});

// The Remix handler, fed a body that is cut off with 413 once it passes its limit (chunked
// bodies, or a Content-Length that lies). Otherwise as @remix-run/express 2.17 does it (whose
// request bridge reads req directly and cannot be given a limited body).
function remixHeaders(nodeHeaders) {
  const headers = new Headers();
  for (const [name, values] of Object.entries(nodeHeaders)) {
    // Only a trusted proxy may say which host was asked for (Remix compares it with Origin).
    if (values === undefined || (name === "x-forwarded-host" && !env.TRUST_PROXY)) continue;
    for (const value of Array.isArray(values) ? values : [values]) headers.append(name, value);
  }
  return headers;
}
async function sendRemixResponse(res, response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
const handleRemix = createRequestHandler(build, env.NODE_ENV);
app.use(async (req, res, next) => {
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  // A body the route did not read is drained (discarded), so the connection can carry the next request.
  res.on("finish", () => {
    if (!req.readableEnded) {
      req.removeAllListeners("data");
      req.resume();
    }
  });
  let tooLarge = false;
  const init = { method: req.method, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = guards.limitedBody(req, guards.bodyLimitFor(req.path, env), () => {
      tooLarge = true;
      controller.abort();
      refuse(req, res, { status: 413, reason: "tooLarge" }).catch(next);
    });
    init.duplex = "half";
  }
  const hostHeader = (env.TRUST_PROXY && req.get("x-forwarded-host")) || req.get("host") || "";
  const port = Number.parseInt(hostHeader.split(":")[1] ?? "", 10);
  let request;
  try {
    init.headers = remixHeaders(req.headers);
    // Concatenated, not resolved: a path like //evil.example must stay a path.
    request = new Request(
      `${req.protocol}://${req.hostname}${Number.isSafeInteger(port) ? `:${port}` : ""}${req.originalUrl}`,
      init,
    );
  } catch {
    return refuse(req, res, { status: 400, reason: "badRequest" }).catch(next);
  }
  try {
    const response = await handleRemix(request, {
      ipAddress: req.ip ?? "unknown",
      userAgent: req.get("user-agent") ?? null,
      requestId: res.locals.requestId,
    });
    if (tooLarge || res.headersSent) {
      await response.body?.cancel();
      return;
    }
    await sendRemixResponse(res, response);
  } catch (error) {
    if (tooLarge || res.headersSent) return;
    next(error);
  }
});
// Last resort: a short answer in the page's language with the request id, the details only in the log.
app.use(async (error, req, res, _next) => {
  const status = Number.isInteger(error?.status) && error.status >= 400 && error.status < 500 ? error.status : 500;
  if (status === 500) logger.error("Request failed", { err: errorField(error) });
  if (res.headersSent) return res.destroy();
  let answer;
  try {
    answer = await guards.lastResortBody(status, req.path, req.get("accept"), res.locals.requestId);
  } catch {
    answer = { contentType: "text/plain; charset=utf-8", body: `${STATUS_CODES[status] ?? "Error"}\n` };
  }
  if (res.headersSent) return res.destroy();
  res.status(status).set("Content-Type", answer.contentType).send(answer.body);
});

const stopBackgroundJobs = guards.startBackgroundJobs();
const onListening = () => {
  logger.info(`Silu Gateway listening on ${env.APP_URL} (port ${env.PORT})`, { port: env.PORT, host: env.HOST });
};
const server = env.HOST ? app.listen(env.PORT, env.HOST, onListening) : app.listen(env.PORT, onListening);

/**
 * Graceful shutdown: /readyz answers 503 at once (the balancer takes the instance out), no new
 * connections are taken, requests in flight finish, idle keep-alive connections are closed, the
 * background jobs start no new run and finish the ones in flight; whatever is still running after
 * SHUTDOWN_GRACE_MS is cut off (a job's claims then expire and another instance takes the work over).
 */
const SHUTDOWN_GRACE_MS = 25_000;
let shuttingDown = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (shuttingDown) return;
    shuttingDown = true;
    guards.beginDraining();
    // Both must finish: requests in flight, and the background jobs' runs in flight (no new ones start).
    const jobsDone = stopBackgroundJobs().catch((error) => console.error("Shutdown: background jobs:", error));
    const requestsDone = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    Promise.all([jobsDone, requestsDone]).then(() => process.exit(0));
    setTimeout(() => {
      logger.error(`Shutdown: requests still running after ${SHUTDOWN_GRACE_MS} ms were cut off`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
  });
}
