import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { cancelBooking } from "~/domain/booking/cancel-booking.server";
import { findCompanyBooking } from "~/domain/booking/find-bookings.server";
import { requireActor } from "~/domain/identity/actor.server";
import { redirectWithNotice, requestMeta } from "~/domain/identity/session.server";
import { awaitsChoice, moveBooking } from "~/domain/operations/departure-cancellation.server";
import { AppError } from "~/utils/app-error";
import { BOOKING_REFERENCE, recordId } from "~/schemas/fields";
import { db } from "~/utils/db.server";
import { domainRoute, pageFailure } from "~/utils/forms.server";
import { requireLocale } from "~/utils/locale.server";
import { requireParam } from "~/utils/params.server";

const ChoiceSchema = z.discriminatedUnion("intent", [
  // A move at another price carries the new total the exporter accepted (a checkbox).
  z.object({
    intent: z.literal("move"),
    departureId: recordId,
    acceptedTotalMinor: z.coerce.number().int().nonnegative().optional(),
  }),
  z.object({ intent: z.literal("refund") }),
]);

/** The choice is made on the booking page; this address only answers its two buttons. */
export const loader = /* @__PURE__ */ domainRoute(async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const reference = requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor } = await requireActor(db(), request, locale);
  // Only a booking the reader may see (others: 404, as everywhere).
  const booking = await findCompanyBooking(db(), actor, reference);
  throw redirect(`/${locale}/bookings/${booking.reference}`);
});

/**
 * A booking on a departure the operator cancelled (decision 022): moved to a later departure
 * (at its price there, a difference accepted; a dearer one paid first), or cancelled with a full refund through the usual cancellation (fee waived).
 */
export const action = /* @__PURE__ */ domainRoute(async function action({
  params,
  request,
  context,
}: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const reference = requireParam(params, "reference", BOOKING_REFERENCE);
  const { actor, user } = await requireActor(db(), request, locale);
  const parsed = ChoiceSchema.safeParse(Object.fromEntries(await request.formData()));
  const meta = requestMeta(context, request);
  const back = `/${locale}/bookings/${reference}`;
  try {
    // Another company's booking is not found, whatever was posted.
    const booking = await findCompanyBooking(db(), actor, reference);
    if (!parsed.success) throw new AppError("invalid", 400);
    if (parsed.data.intent === "move") {
      const { departureId, acceptedTotalMinor } = parsed.data;
      const payer = { email: user.email, locale };
      const moved = await moveBooking(db(), { actor, reference, departureId, acceptedTotalMinor, payer, meta });
      // Dearer: the difference is paid first (Stripe Checkout), then the booking moves.
      if (moved.checkoutUrl) return redirect(moved.checkoutUrl);
      return redirectWithNotice(back, {
        code: acceptedTotalMinor === undefined ? "bookingMoved" : "bookingMovedRepriced",
      });
    }
    // Only the operator's cancellation waives the fee: elsewhere this is not the way to cancel.
    if (!awaitsChoice(booking)) throw new AppError("notMovable", 409);
    await cancelBooking(db(), { actor, reference, meta });
    return redirectWithNotice(back, { code: "cancelled" });
  } catch (error) {
    return pageFailure(error);
  }
});
