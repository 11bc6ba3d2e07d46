import { execFileSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { SMTPServer } from "smtp-server";
import { createDb, type Db } from "~/utils/db.server";
import { startMailbox, type MailboxOptions, type ReceivedMail } from "../../e2e/support/mailbox";
import {
  E2E_PORT,
  SMTP_PORT,
  STRIPE_PORT,
  STRIPE_WEBHOOK_SECRET,
  seedEnvironment,
  serverEnvironment,
} from "../../e2e/support/environment";
import { startServer, stopServer } from "../../e2e/support/server-process";
import { startStripeStandIn, type StripeStandIn } from "../support/stripe-stand-in";

/**
 * Two instances of the built portal (`node server.mjs`) on one PostgreSQL database, as a
 * scaled-out deployment runs them: the database created on the throw-away cluster of
 * scripts/test.sh (TEST_POSTGRES_URL), migrated with `prisma migrate deploy` and seeded like
 * the e2e template; one SMTP stand-in and one Stripe stand-in for both. The instances listen on
 * E2E_PORT and the port after it, and the stand-ins on the e2e run's ports: the cluster step
 * runs before the e2e run, never beside it.
 */
export interface Instance {
  name: "A" | "B";
  port: number;
  url: string;
  process: ChildProcess;
}

/** What both instances are started with on top of the e2e servers' settings. */
export const CLUSTER_SETTINGS = {
  // Sign-in attempts per account and address: small, so the test reaches it.
  SIGN_IN_PER_ACCOUNT_IP: "4",
  // One demo company takes every hold of the race, as in the benchmark (decision 008's limits aside).
  HOLD_SHARE_PERCENT: "100",
  OPEN_HOLDS_PER_COMPANY: "1000000",
  HOLD_RENEWALS_PER_DAY: "1000000",
  BOARD_CACHE_SECONDS: "3",
  // Background jobs on both, sweeping every second; work of an instance that died is free after 5 s.
  BACKGROUND_JOBS: "on",
  JOB_INTERVAL_SECONDS: "1",
  JOB_LEASE_SECONDS: "5",
} as const;

export interface Cluster {
  db: Db;
  databaseUrl: string;
  workdir: string;
  mailFolder: string;
  stripe: StripeStandIn;
  /** Set `waitBeforeAccepting` to make the SMTP stand-in slow or stall. */
  mailbox: MailboxOptions;
  a: Instance;
  b: Instance;
  /** Starts (again) the instance `name` on its port, with `env` on top of the cluster's settings. */
  start(name: "A" | "B", env?: Record<string, string>): Promise<Instance>;
  /** SIGTERM, as a deployment stops an instance (SIGKILL after 5 s). */
  stop(instance: Instance): Promise<void>;
  mails(): ReceivedMail[];
  close(): Promise<void>;
}

export async function startCluster(): Promise<Cluster> {
  const base = process.env.TEST_POSTGRES_URL;
  if (!base) throw new Error("The cluster test needs TEST_POSTGRES_URL (scripts/test.sh starts a PostgreSQL cluster)");
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), "silu-cluster-"));
  const mailFolder = path.join(workdir, "mail");
  const name = `silu_cluster_${crypto.randomBytes(6).toString("hex")}`;
  const databaseUrl = `${base}/${name}`;
  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
  };

  try {
    await adminQuery(base, `CREATE DATABASE "${name}"`);
    cleanups.push(async () => {
      await adminQuery(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      fs.rmSync(workdir, { recursive: true, force: true });
    });
    // As e2e/global-setup.ts prepares its template, and `npm start` a deployment.
    const env = { ...process.env, ...seedEnvironment(""), DATABASE_URL: databaseUrl };
    execFileSync("npm", ["run", "-s", "db:deploy"], { env, stdio: ["ignore", "ignore", "inherit"] });
    execFileSync("npm", ["run", "-s", "db:seed"], { env, stdio: ["ignore", "ignore", "inherit"] });
    const db = createDb(databaseUrl);
    cleanups.push(() => db.$disconnect());

    const mailbox: MailboxOptions = {};
    const smtp: SMTPServer = await startMailbox(SMTP_PORT, mailFolder, mailbox);
    cleanups.push(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
    const stripe = await startStripeStandIn({
      webhookSecret: STRIPE_WEBHOOK_SECRET,
      webhookUrl: (session) => new URL("/webhooks/stripe", String(session.success_url)).href,
      port: STRIPE_PORT,
    });
    cleanups.push(() => stripe.close());

    const running = new Set<Instance>();
    cleanups.push(async () => {
      await Promise.all([...running].map((instance) => stop(instance)));
    });
    let restarts = 0;
    const start = async (instanceName: "A" | "B", extra: Record<string, string> = {}): Promise<Instance> => {
      const port = E2E_PORT + (instanceName === "A" ? 0 : 1);
      const settings: Record<string, string> = {
        ...serverEnvironment(port, ""),
        DATABASE_URL: databaseUrl,
        ...CLUSTER_SETTINGS,
        ...extra,
      };
      const log = path.join(workdir, `${instanceName}-${(restarts += 1)}.log`);
      const child = await startServer(port, settings, log);
      const instance: Instance = { name: instanceName, port, url: settings.APP_URL!, process: child };
      running.add(instance);
      child.once("exit", () => running.delete(instance));
      return instance;
    };
    const stop = (instance: Instance) => stopServer(instance.process);

    const [a, b] = await Promise.all([start("A"), start("B")]);
    return {
      db,
      databaseUrl,
      workdir,
      mailFolder,
      stripe,
      mailbox,
      a,
      b,
      start,
      stop,
      mails: () =>
        fs
          .readdirSync(mailFolder)
          .filter((file) => file.endsWith(".json"))
          .map((file) => JSON.parse(fs.readFileSync(path.join(mailFolder, file), "utf8")) as ReceivedMail),
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

async function adminQuery(base: string, sql: string) {
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Polls `check` until it returns something other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
