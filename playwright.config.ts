import { defineConfig, devices } from "@playwright/test";

// Each worker starts its own server on its own database (e2e/support/fixtures.ts); global
// setup prepares the database they copy, and the mail and Stripe stand-ins they share.
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
    // baseURL is each worker's own server (e2e/support/fixtures.ts).
    trace: "off",
    // Pinned, so that what a page shows does not depend on the machine (the servers' zone is pinned too).
    locale: "en-GB",
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
});
