import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import {
  E2E_PORT as PORT,
  E2E_WORKDIR as workdir,
  SMTP_PORT,
  STRIPE_PORT,
  STRIPE_WEBHOOK_SECRET,
} from "./e2e/support/environment";

const databaseUrl = `file:${path.join(workdir, "e2e.db")}`;

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  // Journeys that register, book and pay through several pages take 15–30 s on a busy 2-core machine.
  timeout: 60_000,
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "off",
    timezoneId: "Europe/Berlin",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    // A fresh SQLite database, migrated with `prisma migrate deploy` and seeded, as `npm start` does.
    command: `rm -f "${path.join(workdir, "e2e.db")}" && npm run -s db:deploy >/dev/null && npm run -s db:seed && node server.mjs`,
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      DATABASE_URL: databaseUrl,
      PORT: String(PORT),
      NODE_ENV: "production",
      APP_URL: `http://localhost:${PORT}`,
      SESSION_SECRET: "e2e-session-secret-0123456789abcdef",
      SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
      DEMO_ACCOUNTS: "1",
      STRIPE_SECRET_KEY: "sk_test_e2e_stand_in",
      STRIPE_WEBHOOK_SECRET,
      STRIPE_API_URL: `http://127.0.0.1:${STRIPE_PORT}`,
    },
  },
});
