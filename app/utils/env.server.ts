import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { isValidCreditCode, normalizeCreditCode } from "~/domain/identity/credit-code";
import { checkTaxConfig, TAX_NOTES, TaxRatePercentSchema } from "~/domain/payments/invoice-tax";
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from "./database-url";
import { CARRIER_CODE_LIST_PROVIDERS, CARRIER_CODE_PATTERN } from "~/domain/waybill/vessel";
import { LOG_LEVELS } from "~/domain/ops/logger.server";

const positiveCount = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /**
     * The address the server listens on (default: every interface). Behind a proxy on the same
     * machine, 127.0.0.1, so no one reaches an instance except through the proxy (TRUST_PROXY).
     */
    HOST: z.string().trim().min(1).max(255).optional(),
    DATABASE_URL: z
      .string()
      .default(DEFAULT_DATABASE_URL)
      .superRefine((value, ctx) => {
        try {
          parseDatabaseUrl(value);
        } catch (error) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
        }
      }),
    /**
     * SQLite only: FULL makes every commit wait for the disk; NORMAL (WAL) waits at checkpoints
     * only, so a power cut may lose the last commits but never corrupts the file (decision 006).
     */
    SQLITE_SYNCHRONOUS: z.enum(["NORMAL", "FULL"]).default("NORMAL"),
    APP_URL: z.string().url().optional(),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    /** smtp(s)://user:pass@host:port — without it, e-mails stay in the outbox (development mail page). */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
      .optional(),
    MAIL_FROM: z.string().min(3).default("Silu Gateway <no-reply@silu-gateway.local>"),
    /** How long held slots wait for payment before they return to the departure. */
    HOLD_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    /** How many business days an invoice for a bank transfer is due in (never past the cargo cut-off). */
    BANK_TRANSFER_DAYS: z.coerce.number().int().min(1).max(30).default(3),
    /** Bank transfer is offered only when the cargo cut-off leaves at least this many business days. */
    BANK_TRANSFER_MIN_BUSINESS_DAYS: z.coerce.number().int().min(1).max(30).default(2),
    /** Waybill verifications (QR scans) one address may make per minute (decision 015). */
    WAYBILL_VERIFY_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    /** Partner-API calls one key may make per minute (decision 019). */
    API_KEY_PER_MINUTE: z.coerce.number().int().min(1).default(120),
    /**
     * "1" lets event subscriptions (decision 026) call back plain HTTP on this machine
     * (localhost, loopback addresses): for tests and development only. Otherwise callbacks are
     * HTTPS to public addresses.
     */
    EVENT_CALLBACK_ALLOW_LOCAL: z
      .enum(["0", "1"])
      .default("0")
      .transform((value) => value === "1"),
    /** The operator's bank account printed on invoices. */
    OPERATOR_ACCOUNT_NAME: z
      .string()
      .min(3)
      .default("甘肃丝路通国际物流有限公司 Gansu Silu Gateway International Logistics Co., Ltd."),
    OPERATOR_BANK: z.string().min(3).default("中国银行兰州分行 Bank of China, Lanzhou Branch"),
    OPERATOR_ACCOUNT_NUMBER: z.string().min(3).default("1040 0000 0000 0000 000"),
    OPERATOR_SWIFT: z
      .string()
      .regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, "must be a SWIFT/BIC code")
      .default("BKCHCNBJ870"),
    /** The operator's 统一社会信用代码 (unified social credit code, its tax number), printed on invoices as the issuer's. */
    OPERATOR_TAX_NUMBER: z
      .string()
      .transform(normalizeCreditCode)
      .refine(isValidCreditCode, "must be an 18-character unified social credit code with a valid check character")
      .default("91620100MA7UNQ8D5F"),
    /**
     * The operator's carrier code for the DCSA eBL export of journeys with a sea leg (decision
     * 016): its SMDG liner code or NMFTA SCAC. Without it those documents have no DCSA form.
     */
    OPERATOR_CARRIER_CODE: z
      .string()
      .regex(CARRIER_CODE_PATTERN, "must be 2 to 4 capital letters or digits (an SMDG or SCAC code)")
      .optional(),
    OPERATOR_CARRIER_CODE_LIST: z.enum(CARRIER_CODE_LIST_PROVIDERS).default("SMDG"),
    /** Where questions about a transport document go (the DCSA eBL's contact). */
    OPERATOR_DOCUMENTS_EMAIL: z.string().email().default("documents@silu-gateway.local"),
    /**
     * The VAT rate (per cent) included in invoiced prices, and the legal note printed with it
     * (app/domain/payments/invoice-tax.ts). Default: international transport, zero-rated.
     */
    INVOICE_TAX_RATE_PERCENT: TaxRatePercentSchema.default("0"),
    INVOICE_TAX_NOTE: z.enum(TAX_NOTES).default("ZERO_RATED_INTERNATIONAL_TRANSPORT"),
    /** Stripe Checkout: both keys, or neither (then bank transfer is the only way to pay). */
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_/, "must be a Stripe secret key (sk_test_… or sk_live_…)")
      .optional(),
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_/, "must start with whsec_")
      .optional(),
    /**
     * Only for tests: a Stripe-compatible stand-in on this machine, e.g. http://127.0.0.1:12111.
     * Loopback only, so that a misconfiguration cannot send the secret key anywhere else.
     */
    STRIPE_API_URL: z
      .string()
      .url()
      .refine((value) => {
        const url = new URL(value);
        return ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname) && url.port !== "";
      }, "must be a loopback address with a port (a local stand-in for tests)")
      .optional(),
    /** Abuse limits (docs/decisions/008-abuse-limits.md). Sign-in attempts per account and address in 15 minutes. */
    SIGN_IN_PER_ACCOUNT_IP: positiveCount(5),
    /** Failed sign-ins per address in 15 minutes (successful ones do not count). */
    SIGN_IN_PER_IP: positiveCount(50),
    /** Sign-in attempts per account from anywhere in a day before each further one waits 1, 2, 4 … 30 minutes. */
    SIGN_IN_FREE_PER_ACCOUNT: positiveCount(10),
    /** E-mails (invitations, links, notices) one user, one recipient and one address can cause per hour. */
    EMAILS_PER_SENDER_HOUR: positiveCount(20),
    EMAILS_PER_RECIPIENT_HOUR: positiveCount(5),
    EMAILS_PER_IP_HOUR: positiveCount(30),
    /** The share (%) of each equipment type's total one company may hold unpaid on one departure. */
    HOLD_SHARE_PERCENT: z.coerce.number().int().min(1).max(100).default(50),
    /** Holds one company may have open (unpaid, in their hold time) at once. */
    OPEN_HOLDS_PER_COMPANY: positiveCount(20),
    /** Holds on one departure a company may let lapse or release in 24 hours before it must wait to hold there again. */
    HOLD_RENEWALS_PER_DAY: positiveCount(3),
    /** Largest request body (bytes) a page's form may send; bigger ones are refused with 413 before they are read. */
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1_024)
      .max(50 * 1_048_576)
      .default(1_048_576),
    /** Largest body (bytes) /webhooks/stripe accepts (kept raw for the signature check). */
    WEBHOOK_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1_024)
      .max(50 * 1_048_576)
      .default(262_144),
    /**
     * HTTP caching of the public pages (schedule board, departure) for visitors without a
     * session (decision 028): `max-age` in seconds; 0 keeps them `private, no-store`.
     */
    PUBLIC_CACHE_SECONDS: z.coerce.number().int().min(0).max(3_600).default(10),
    /** How long past max-age a cache may still show a public page while it fetches a fresh one. */
    PUBLIC_STALE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(30),
    /**
     * "off": this instance only serves requests and runs no background job (sweepers, e-mail,
     * refund retries, event notifications); at least one instance on the database keeps them on.
     */
    BACKGROUND_JOBS: z
      .enum(["on", "off"])
      .default("on")
      .transform((value) => value === "on"),
    /** When set, every background job sweeps this often (tests, small deployments); unset: each job's own period. */
    JOB_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
    /** How long a job's claim on a piece of work holds: work of an instance killed mid-way is taken over after it. */
    JOB_LEASE_SECONDS: z.coerce.number().int().min(5).max(86_400).default(120),
    /** "1" behind a reverse proxy, so client addresses come from X-Forwarded-For. */
    TRUST_PROXY: z
      .enum(["0", "1"])
      .default("0")
      .transform((value) => value === "1"),
    /**
     * The bearer token a Prometheus scraper sends to /metrics (decision 029); without it /metrics
     * answers 404.
     */
    METRICS_TOKEN: z
      .string()
      .regex(/^[\x21-\x7e]{24,256}$/, "must be 24 to 256 printable characters without spaces")
      .optional(),
    /** The log's threshold (JSON lines on standard output): debug, info (default), warn, error, fatal or silent. */
    LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.STRIPE_SECRET_KEY) !== Boolean(env.STRIPE_WEBHOOK_SECRET)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [env.STRIPE_SECRET_KEY ? "STRIPE_WEBHOOK_SECRET" : "STRIPE_SECRET_KEY"],
        message: "set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET together (or neither)",
      });
    }
    checkTaxConfig({ rateBasisPoints: env.INVOICE_TAX_RATE_PERCENT, note: env.INVOICE_TAX_NOTE }, (message) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["INVOICE_TAX_NOTE"], message }),
    );
  })
  .transform((env) => ({
    ...env,
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    SESSION_SECRET: env.SESSION_SECRET ?? localSessionSecret(env.DATABASE_URL),
  }));

export type Env = z.infer<typeof EnvSchema>;

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "InvalidEnvironmentError";
  }
}

/** Validates the process environment; a bad value stops start-up with a readable message. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    throw new InvalidEnvironmentError(
      result.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`),
    );
  }
  return result.data;
}

/**
 * For local use without SESSION_SECRET: a random secret kept next to the SQLite file, so
 * sessions survive restarts. Production deployments set SESSION_SECRET.
 */
function localSessionSecret(databaseUrl: string): string {
  const target = parseDatabaseUrl(databaseUrl);
  const dir = target.provider === "sqlite" ? path.dirname(target.filePath) : path.resolve("data");
  const file = path.join(dir, ".session-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    const secret = crypto.randomBytes(32).toString("hex");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

let current: Env | undefined;
export function env(): Env {
  current ??= parseEnv();
  return current;
}
