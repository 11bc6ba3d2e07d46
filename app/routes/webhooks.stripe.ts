import { data, type ActionFunctionArgs } from "@remix-run/node";
import { processStripeEvent, verifyWebhook } from "~/domain/payments/stripe.server";
import { AppError } from "~/utils/app-error";
import { db } from "~/utils/db.server";

/**
 * Stripe's webhook: no session and no same-origin check (isSameOriginMutation exempts exactly
 * this route), so only a body signed with STRIPE_WEBHOOK_SECRET is acted on; the raw body is
 * what was signed.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") throw data(null, { status: 405 });
  const body = await request.text();
  try {
    const event = verifyWebhook(body, request.headers.get("stripe-signature"));
    const outcome = await processStripeEvent(db(), event);
    return Response.json({ received: true, outcome });
  } catch (error) {
    if (error instanceof AppError) return Response.json({ error: error.code }, { status: error.status });
    throw error;
  }
}

export function loader() {
  throw data(null, { status: 405 });
}
