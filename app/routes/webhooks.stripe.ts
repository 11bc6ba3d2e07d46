import { data, type ActionFunctionArgs } from "@remix-run/node";
import { verifyWebhook } from "~/domain/payments/stripe.server";
import { processStripeEvent } from "~/domain/payments/stripe-webhook/process-event.server";
import { AppError } from "~/utils/app-error";
import { db } from "~/utils/db.server";
import { domainRoute, problemResponse } from "~/utils/forms.server";

/**
 * Stripe's webhook: no session and no same-origin check (isSameOriginMutation exempts exactly
 * this route), so only a body signed with STRIPE_WEBHOOK_SECRET is acted on; the raw body is
 * what was signed.
 */
export const action = /* @__PURE__ */ domainRoute(async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") throw data(null, { status: 405 });
  const body = await request.text();
  try {
    const event = verifyWebhook(body, request.headers.get("stripe-signature"));
    const outcome = await processStripeEvent(db(), event);
    return Response.json({ received: true, outcome });
  } catch (error) {
    // Stripe (and whoever reads its delivery log) gets RFC 9457 problem details.
    if (error instanceof AppError) return problemResponse(error);
    throw error;
  }
});

export function loader() {
  throw data(null, { status: 405 });
}
