import fs from "node:fs";
import { startMailbox } from "./support/mailbox";
import { startStripeStandIn } from "../tests/support/stripe-stand-in";
import { E2E_PORT, MAIL_FOLDER, SMTP_PORT, STRIPE_PORT, STRIPE_WEBHOOK_SECRET } from "./support/environment";

export default async function globalSetup() {
  fs.rmSync(MAIL_FOLDER, { recursive: true, force: true });
  const server = await startMailbox(SMTP_PORT, MAIL_FOLDER);
  const stripe = await startStripeStandIn({
    webhookSecret: STRIPE_WEBHOOK_SECRET,
    webhookUrl: `http://localhost:${E2E_PORT}/webhooks/stripe`,
    port: STRIPE_PORT,
  });
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stripe.close();
  };
}
