import path from "node:path";

/** Where this e2e run keeps its database and received e-mail. */
export const E2E_WORKDIR = process.env.E2E_WORKDIR ?? path.resolve(".tmp", "e2e");
export const MAIL_FOLDER = path.join(E2E_WORKDIR, "mail");
export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2526);
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
/** The local Stripe stand-in (tests/support/stripe-stand-in.ts) the e2e server pays through. */
export const STRIPE_PORT = Number(process.env.E2E_STRIPE_PORT ?? 12111);
export const STRIPE_WEBHOOK_SECRET = "whsec_e2e_stand_in_secret";
