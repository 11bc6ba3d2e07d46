import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

/**
 * `node server.mjs` (the build) as a child process: the e2e workers' servers (fixtures.ts) and
 * the two instances of the cluster test (tests/cluster) start and stop theirs with these.
 */
export const STARTUP_MS = 60_000;

/**
 * Starts the server with `env` on `port` and resolves once /healthz answers. Its output goes to
 * `logFile`; what it writes to stderr also shows in the test output.
 */
export async function startServer(port: number, env: Record<string, string>, logFile: string): Promise<ChildProcess> {
  if (!(await portIsFree(port))) {
    throw new Error(
      `Port ${port} is taken: another e2e run? Choose other ports with E2E_PORT (one per worker from it)`,
    );
  }
  const log = fs.openSync(logFile, "w");
  const child = spawn(process.execPath, ["server.mjs"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", log, "pipe"],
  });
  fs.closeSync(log);
  // Should the worker end without its teardown (an uncaught error), the server goes with it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));
  // Errors the server logs show in the test output, as they did from Playwright's webServer.
  child.stderr?.on("data", (chunk: Buffer) => {
    fs.appendFileSync(logFile, chunk);
    process.stderr.write(chunk);
  });
  let exited: string | null = null;
  child.once("exit", (code, signal) => (exited = `exited (${signal ?? code})`));
  const deadline = Date.now() + STARTUP_MS;
  for (;;) {
    if (exited) throw new Error(`The e2e server on port ${port} ${exited}; see ${logFile}`);
    if (await healthy(port)) return child;
    if (Date.now() > deadline) {
      await stopServer(child);
      throw new Error(`The e2e server on port ${port} did not answer /healthz within ${STARTUP_MS} ms; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function healthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://localhost:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

/** SIGTERM (the server closes its connections and exits), SIGKILL if it has not gone in 5 s. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await gone;
  clearTimeout(killer);
}
