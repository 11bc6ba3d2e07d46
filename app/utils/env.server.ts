import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from "./database-url";

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
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
    /** "1" behind a reverse proxy, so client addresses come from X-Forwarded-For. */
    TRUST_PROXY: z
      .enum(["0", "1"])
      .default("0")
      .transform((value) => value === "1"),
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
