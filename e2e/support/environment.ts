import path from "node:path";

/** Where this e2e run keeps its databases, server logs and received e-mail. */
export const E2E_WORKDIR = process.env.E2E_WORKDIR ?? path.resolve(".tmp", "e2e");
export const MAIL_FOLDER = path.join(E2E_WORKDIR, "mail");
/** Migrated and seeded once per run (global setup); each worker's server runs on a copy. */
export const TEMPLATE_DATABASE = path.join(E2E_WORKDIR, "template.db");
export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2526);
/** The first worker's server listens here, the next on the port after it, and so on. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
/** The local Stripe stand-in (tests/support/stripe-stand-in.ts) the e2e servers pay through. */
export const STRIPE_PORT = Number(process.env.E2E_STRIPE_PORT ?? 12111);
export const STRIPE_WEBHOOK_SECRET = "whsec_e2e_stand_in_secret";
export const SESSION_SECRET = "e2e-session-secret-0123456789abcdef";
/** The bearer token the servers' /metrics wants (decision 029). */
export const METRICS_TOKEN = "e2e-metrics-token-0123456789abcdef";
/** The servers' clock zone; browsers run in Europe/Berlin (playwright.config.ts), so the two differ on purpose. */
export const SERVER_TIME_ZONE = "UTC";

/** What seeding the template database needs: demo accounts, as `npm start` seeds them for a demo. */
export function seedEnvironment(databaseFile: string): Record<string, string> {
  return { DATABASE_URL: `file:${databaseFile}`, NODE_ENV: "production", DEMO_ACCOUNTS: "1" };
}

/** A worker's server: production mode on its own port and database, mail and Stripe to the shared stand-ins. */
export function serverEnvironment(port: number, databaseFile: string): Record<string, string> {
  return {
    ...seedEnvironment(databaseFile),
    PORT: String(port),
    APP_URL: `http://localhost:${port}`,
    SESSION_SECRET,
    SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
    STRIPE_SECRET_KEY: "sk_test_e2e_stand_in",
    STRIPE_WEBHOOK_SECRET,
    STRIPE_API_URL: `http://127.0.0.1:${STRIPE_PORT}`,
    TZ: SERVER_TIME_ZONE,
    // Event subscriptions call back a receiver the spec runs on this machine (decision 026).
    EVENT_CALLBACK_ALLOW_LOCAL: "1",
    METRICS_TOKEN,
  };
}
