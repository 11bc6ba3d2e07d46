import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { startMailbox } from "./support/mailbox";
import { startStripeStandIn } from "../tests/support/stripe-stand-in";
import {
  E2E_WORKDIR,
  MAIL_FOLDER,
  SMTP_PORT,
  STRIPE_PORT,
  STRIPE_WEBHOOK_SECRET,
  TEMPLATE_DATABASE,
  seedEnvironment,
} from "./support/environment";

/**
 * Once per run: the template database every worker's server copies (e2e/support/fixtures.ts),
 * and the stand-ins all servers share — one SMTP server, one Stripe.
 */
export default async function globalSetup() {
  if (!fs.existsSync(path.resolve("build", "index.js"))) {
    throw new Error("No build/index.js: run `npm run build` before the end-to-end tests");
  }
  fs.mkdirSync(E2E_WORKDIR, { recursive: true });
  removeDatabases(E2E_WORKDIR);
  createTemplateDatabase(TEMPLATE_DATABASE);

  fs.rmSync(MAIL_FOLDER, { recursive: true, force: true });
  const server = await startMailbox(SMTP_PORT, MAIL_FOLDER);
  const stripe = await startStripeStandIn({
    webhookSecret: STRIPE_WEBHOOK_SECRET,
    // Each worker's portal gets its own payments' webhooks: the success URL names the portal.
    webhookUrl: (session) => new URL("/webhooks/stripe", String(session.success_url)).href,
    port: STRIPE_PORT,
  });
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stripe.close();
  };
}

/** The template and earlier runs' worker copies (the folder may hold other things: scripts/test.sh's PostgreSQL). */
function removeDatabases(folder: string) {
  for (const name of fs.readdirSync(folder)) {
    if (/^(template|worker-\d+)\.db(-wal|-shm|-journal)?$/.test(name)) fs.rmSync(path.join(folder, name));
  }
}

/** A fresh SQLite database, migrated with `prisma migrate deploy` and seeded, as `npm start` does. */
function createTemplateDatabase(file: string) {
  const env = { ...process.env, ...seedEnvironment(file) };
  execFileSync("npm", ["run", "-s", "db:deploy"], { env, stdio: ["ignore", "ignore", "inherit"] });
  execFileSync("npm", ["run", "-s", "db:seed"], { env, stdio: ["ignore", "inherit", "inherit"] });
  // One self-contained file to copy: everything written back from the write-ahead log, which is then switched off
  // (each server turns it on again for its copy).
  const db = new Database(file);
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.pragma("journal_mode = DELETE");
  } finally {
    db.close();
  }
}
