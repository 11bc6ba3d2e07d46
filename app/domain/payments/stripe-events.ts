import { z } from "zod";

/**
 * The shape of the Stripe events the portal acts on, checked before anything touches the
 * database: a signed event that lacks what its handler reads (an id, a type, data.object, the
 * object's fields) is refused with 400 rather than failing half-way. Ids are printable ASCII
 * (Stripe's are `evt_…`, `cs_…`, `ch_…`, `re_…`), so no NUL byte reaches PostgreSQL.
 */
const stripeId = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/);
/** An expandable reference: the id, or the expanded object with its id. */
const reference = z
  .union([stripeId, z.object({ id: stripeId }).passthrough()])
  .nullable()
  .optional()
  .transform((value) => (value == null ? null : typeof value === "string" ? value : value.id));
const metadata = z
  .record(z.string())
  .nullable()
  .optional()
  .transform((value) => value ?? {});
const amount = z.number().int().nonnegative();

const SessionRef = z.object({ id: stripeId }).passthrough();
const PaidSession = z
  .object({
    id: stripeId,
    payment_status: z.enum(["paid", "unpaid", "no_payment_required"]),
    payment_intent: reference,
    amount_total: amount.nullable(),
    currency: z
      .string()
      .regex(/^[a-z]{3}$/)
      .nullable(),
  })
  .passthrough();
const Charge = z
  .object({
    id: stripeId,
    amount_refunded: amount,
    payment_intent: reference,
    metadata,
  })
  .passthrough();
const Refund = z
  .object({
    id: stripeId,
    status: z.enum(["pending", "requires_action", "succeeded", "failed", "canceled"]),
    amount,
    payment_intent: reference,
    metadata,
    failure_reason: z.string().nullable().optional(),
  })
  .passthrough();

const OBJECTS = {
  "checkout.session.completed": PaidSession,
  "checkout.session.async_payment_succeeded": PaidSession,
  "checkout.session.async_payment_failed": SessionRef,
  "checkout.session.expired": SessionRef,
  "charge.refunded": Charge,
  "refund.failed": Refund,
  "refund.updated": Refund,
  "charge.refund.updated": Refund,
} as const;

export type HandledEventType = keyof typeof OBJECTS;
/** What an event of a handled type carries in `data.object`, as checked. */
export type EventObject<T extends HandledEventType> = z.infer<(typeof OBJECTS)[T]>;
export const HANDLED_EVENT_TYPES = Object.keys(OBJECTS) as HandledEventType[];

export type CheckedEvent =
  | { [T in HandledEventType]: { id: string; type: T; object: z.infer<(typeof OBJECTS)[T]> } }[HandledEventType]
  | { id: string; type: "unhandled"; stripeType: string };

const Envelope = z.object({
  id: stripeId,
  type: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9_.]+$/),
  data: z.object({ object: z.record(z.unknown()) }),
});

/** Why an event was refused, and its id when it had a usable one (for the log). */
export class MalformedStripeEvent extends Error {
  constructor(
    readonly eventId: string | null,
    readonly problem: string,
  ) {
    super(`malformed Stripe event ${eventId ?? "(no id)"}: ${problem}`);
    this.name = "MalformedStripeEvent";
  }
}

const describe = (error: z.ZodError) =>
  error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");

/** The event checked against the shape its type needs; throws MalformedStripeEvent otherwise. */
export function checkStripeEvent(raw: unknown): CheckedEvent {
  const envelope = Envelope.safeParse(raw);
  if (!envelope.success) {
    const id = (raw as { id?: unknown } | null)?.id;
    throw new MalformedStripeEvent(
      typeof id === "string" && /^[\x21-\x7e]{1,255}$/.test(id) ? id : null,
      describe(envelope.error),
    );
  }
  const { id, type, data } = envelope.data;
  if (!(type in OBJECTS)) return { id, type: "unhandled", stripeType: type };
  const object = OBJECTS[type as HandledEventType].safeParse(data.object);
  if (!object.success) throw new MalformedStripeEvent(id, `${type} data.object.${describe(object.error)}`);
  return { id, type, object: object.data } as CheckedEvent;
}
