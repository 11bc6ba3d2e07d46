import { z } from "zod";
import { BOOKING_REFERENCE, INVOICE_NUMBER, WAYBILL_NUMBER } from "./fields";

/**
 * What a redirect tells the page it lands on (decision 009): a fixed code, and where the
 * message names something, that value as the server wrote it. Carried once in a signed cookie
 * (`redirectWithNotice` / `takeNotice`), never in the URL; anything else read back is ignored.
 */
export const NoticeSchema = z.discriminatedUnion("code", [
  z.object({
    code: z.enum([
      // Signing in and out, the account
      "registered",
      "signedOut",
      "passwordReset",
      "welcome",
      "profileSaved",
      "passwordChanged",
      "emailConfirmed",
      // Administration, the company
      "placeSaved",
      "lastAdmin",
      "rateAdded",
      // A booking and its payment
      "cancelled",
      "amended",
      "partiesCorrected",
      "partiesUnchanged",
      "confirmedOnAccount",
      // Shipping instructions
      "instructionsSaved",
      "instructionsSubmitted",
      // The through waybill
      "waybillDraftReady",
      "waybillApproved",
      "waybillChangesRequested",
      "waybillReturned",
      "waybillSurrendered",
      "waybillVoided",
      // Partner-API keys
      "apiKeyRevoked",
      "subscriptionDeleted",
      "deliveryRetried",
      // Sharing a booking with partners
      "sharesSaved",
      // At the terminal: gate-in, events, a booking confirmed by hand
      "gatedIn",
      "eventRecorded",
      "confirmedByHand",
      // An invoice
      "receiptRecorded",
      "refunded",
      // Port operations: services, timetables, departures
      "serviceSaved",
      "departureSaved",
      "departureDelayed",
      "departureCancelled",
      "bookingMoved",
      "bookingMovedRepriced",
      "bookingMovedAmended",
    ]),
  }),
  z.object({ code: z.literal("timetablePublished"), created: z.number().int().min(0) }),
  z.object({ code: z.literal("invoiceIssued"), number: z.string().regex(INVOICE_NUMBER) }),
  z.object({ code: z.literal("receiptConfirmed"), reference: z.string().regex(BOOKING_REFERENCE) }),
  z.object({ code: z.literal("instructionsReopened"), reference: z.string().regex(BOOKING_REFERENCE) }),
  z.object({ code: z.literal("waybillIssued"), number: z.string().regex(WAYBILL_NUMBER) }),
  z.object({ code: z.literal("waybillAmended"), version: z.number().int().min(2) }),
]);

export type Notice = z.infer<typeof NoticeSchema>;
export type NoticeCode = Notice["code"];
