import fs from "node:fs";
import path from "node:path";
import { test as base, type Page } from "@playwright/test";
import { hashPassword } from "../../app/domain/identity/password.server";
import { createSession, SESSION_DAYS } from "../../app/domain/identity/session.server";
import { createDb, type Db } from "../../app/utils/db.server";
import { freshCompany } from "./accounts";
import { E2E_PORT, E2E_WORKDIR, TEMPLATE_DATABASE, serverEnvironment } from "./environment";
import { STARTUP_MS, startServer, stopServer } from "./server-process";

export { expect } from "@playwright/test";

/** One worker's portal: its own server on its own copy of the seeded database. */
export interface WorkerServer {
  port: number;
  baseURL: string;
  databaseFile: string;
  /** The worker's database, for what tests arrange directly (sessions, companies of their own). */
  db: Db;
}

/** The password of every exporter `newExporter` creates. */
export const EXPORTER_PASSWORD = "Gansu-e2e-exporter-2026";
let exporterPasswordHash: Promise<string> | undefined;

/** An exporter company of a test's own, with one confirmed user, like the demo companies. */
export interface NewExporter {
  role: "ADMIN" | "BOOKER";
  /** ON_ACCOUNT like the demo Lanzhou Silk Road, PREPAY like the demo Wuwei. */
  creditStatus: "ON_ACCOUNT" | "PREPAY";
}

interface TestFixtures {
  signInAs: (page: Page, email: string) => Promise<void>;
  /**
   * Creates a company and its user in the worker's database (the way the demo seed does): tests
   * that book, pay or change a company do it on one of their own, never on the shared demo ones.
   */
  newExporter: (options: NewExporter) => Promise<{ email: string; companyName: string }>;
}

/**
 * Every spec imports `test` and `expect` from here. Each worker starts `node server.mjs` (the
 * build) on port E2E_PORT + its parallel index, on a copy of the template database that global
 * setup migrated and seeded, and every page, request and browser context of its tests goes
 * there (baseURL). What a test changes stays in its worker's database; the server and the
 * copy go when the worker does (also after a failed test, when Playwright replaces the worker).
 * (A fixture's `use` is called `provide` here: the React hooks lint rule takes `use` for a hook.)
 */
export const test = base.extend<TestFixtures, { server: WorkerServer }>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
    async ({}, provide, workerInfo) => {
      const port = E2E_PORT + workerInfo.parallelIndex;
      const databaseFile = path.join(E2E_WORKDIR, `worker-${workerInfo.parallelIndex}.db`);
      for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${databaseFile}${suffix}`, { force: true });
      fs.copyFileSync(TEMPLATE_DATABASE, databaseFile);

      const env = serverEnvironment(port, databaseFile);
      const child = await startServer(port, env, path.join(E2E_WORKDIR, `worker-${workerInfo.parallelIndex}.log`));
      // The app's own code writes sessions from this process: it reads the secret and address the server has.
      for (const name of ["DATABASE_URL", "APP_URL", "SESSION_SECRET"] as const) process.env[name] = env[name];
      const db = createDb(env.DATABASE_URL!);
      try {
        await provide({ port, baseURL: env.APP_URL!, databaseFile, db });
      } finally {
        await db.$disconnect();
        await stopServer(child);
      }
    },
    { scope: "worker", timeout: STARTUP_MS + 10_000 },
  ],
  baseURL: async ({ server }, provide) => {
    await provide(server.baseURL);
  },
  /** Signs the page's browser context in as `email` without the sign-in form (one journey keeps the form). */
  signInAs: async ({ server }, provide) => {
    await provide(async (page, email) => {
      await page.context().addCookies([await sessionCookie(server, email)]);
    });
  },
  newExporter: async ({ server }, provide) => {
    await provide(async ({ role, creditStatus }) => {
      const { serial, creditCode, email } = freshCompany();
      exporterPasswordHash ??= hashPassword(EXPORTER_PASSWORD);
      const company = await server.db.company.create({
        data: {
          legalNameZh: `甘肃测试出口有限公司 ${serial}`,
          legalNameLatin: `Gansu Test Export Co., Ltd. ${serial}`,
          creditCode,
          address: "甘肃省兰州市城关区东岗西路 1 号",
          contactPhone: "+86 931 800 0000",
          creditStatus,
        },
      });
      await server.db.user.create({
        data: {
          email,
          name: "王芳",
          kind: "EXPORTER",
          locale: "zh-CN",
          timeZone: "Asia/Shanghai",
          passwordHash: await exporterPasswordHash,
          emailVerifiedAt: new Date(),
          memberships: { create: { companyId: company.id, role } },
        },
      });
      return { email, companyName: company.legalNameZh };
    });
  },
});

/** A cookie as browser contexts and request contexts' storage state take it. */
export interface SessionCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  expires: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite: "Lax";
}

/**
 * A new session of the user with `email`, written into the worker's database by the app's own
 * `createSession` (as signing in does), and the signed cookie that carries it.
 */
export async function sessionCookie(server: WorkerServer, email: string): Promise<SessionCookie> {
  const user = await server.db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const setCookie = await createSession(server.db, user.id, { ipAddress: "127.0.0.1", userAgent: "Playwright e2e" });
  const [, name, value] = /^([^=]+)=([^;]*)/.exec(setCookie) ?? [];
  if (!name || !value) throw new Error(`Unexpected session cookie: ${setCookie}`);
  return {
    name,
    value,
    domain: new URL(server.baseURL).hostname,
    path: "/",
    expires: Math.floor(Date.now() / 1000) + SESSION_DAYS * 86_400,
    httpOnly: true,
    secure: false,
    sameSite: "Lax",
  };
}
