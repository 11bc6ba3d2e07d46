import { useTranslation } from "react-i18next";
import { FormError } from "~/components/FormField";
import type { Notice, NoticeCode } from "~/schemas/notices";

/** Each notice's message; a refusal (told after a redirect) is shown as the form error it is. */
const MESSAGES: Record<Exclude<NoticeCode, "lastAdmin">, string> = {
  registered: "account:register.checkEmail",
  signedOut: "account:signIn.signedOut",
  passwordReset: "account:reset.done",
  welcome: "account:account.welcome",
  profileSaved: "account:profile.saved",
  passwordChanged: "account:changePassword.done",
  emailConfirmed: "account:verify.success",
  placeSaved: "account:admin.saved",
  rateAdded: "account:rates.added",
  cancelled: "booking:page.cancelled",
  amended: "booking:page.amended",
  partiesCorrected: "booking:correct.done",
  partiesUnchanged: "booking:correct.unchanged",
  confirmedOnAccount: "payments:notice.confirmedOnAccount",
  invoiceIssued: "payments:notice.invoiceIssued",
  receiptRecorded: "payments:receipts.recorded",
  receiptConfirmed: "payments:receipts.confirmed",
  refunded: "payments:refunds.made",
  instructionsSaved: "instructions:notice.saved",
  instructionsSubmitted: "instructions:notice.submitted",
  instructionsReopened: "instructions:notice.reopened",
  waybillDraftReady: "waybill:notice.draftReady",
  waybillApproved: "waybill:notice.approved",
  waybillChangesRequested: "waybill:notice.changesRequested",
  waybillReturned: "waybill:notice.returned",
  waybillIssued: "waybill:notice.issued",
  waybillAmended: "waybill:notice.amended",
  waybillSurrendered: "waybill:notice.surrendered",
  waybillVoided: "waybill:notice.voided",
  sharesSaved: "tracking:share.saved",
  apiKeyRevoked: "api:keys.revokedNotice",
  subscriptionDeleted: "api:subscriptions.deletedNotice",
  deliveryRetried: "api:subscriptions.retriedNotice",
  gatedIn: "terminal:notice.gatedIn",
  eventRecorded: "terminal:notice.eventRecorded",
  confirmedByHand: "terminal:notice.confirmedByHand",
  serviceSaved: "operations:notice.serviceSaved",
  departureSaved: "operations:notice.departureSaved",
  departureDelayed: "disruptions:notice.delayed",
  departureCancelled: "disruptions:notice.cancelled",
  bookingMoved: "disruptions:notice.moved",
  bookingMovedRepriced: "disruptions:notice.movedRepriced",
  bookingMovedAmended: "disruptions:notice.movedAmended",
  timetablePublished: "operations:notice.published",
};

/**
 * What the redirect to this page said had happened (`takeNotice`), in the reader's language.
 * Values it names (an invoice number, a booking reference) are the server's, from the signed cookie.
 */
export function NoticeMessage({ notice }: { notice: Notice | null | undefined }) {
  const { t } = useTranslation(["account", "booking", "payments"]);
  if (!notice) return null;
  const { code, ...values } = notice;
  if (code === "lastAdmin") return <FormError error="errors.lastAdmin" />;
  return (
    <p className="notice" role="status">
      {t(MESSAGES[code], values)}
    </p>
  );
}
