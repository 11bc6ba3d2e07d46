import type { Db } from "~/utils/db.server";

/** Failed sign-ins allowed in the window, per account (any e-mail typed) and per IP address. */
export const SIGN_IN_LIMITS = { windowMinutes: 15, perAccount: 5, perAddress: 20 } as const;

const accountKey = (email: string) => `account:${email.toLowerCase()}`;
const addressKey = (ip: string) => `ip:${ip}`;

/**
 * Whether another sign-in may be tried. Counts failures only, so the answer is the same for an
 * e-mail address with an account and one without.
 */
export async function signInAllowed(db: Db, email: string, ip: string, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000);
  const [byAccount, byAddress] = await Promise.all([
    db.loginAttempt.count({ where: { key: accountKey(email), succeeded: false, createdAt: { gte: since } } }),
    db.loginAttempt.count({ where: { key: addressKey(ip), succeeded: false, createdAt: { gte: since } } }),
  ]);
  return byAccount < SIGN_IN_LIMITS.perAccount && byAddress < SIGN_IN_LIMITS.perAddress;
}

export async function recordSignInAttempt(db: Db, email: string, ip: string, succeeded: boolean, now = new Date()) {
  await db.loginAttempt.createMany({
    data: [
      { key: accountKey(email), succeeded, createdAt: now },
      { key: addressKey(ip), succeeded, createdAt: now },
    ],
  });
  if (succeeded) {
    // A successful sign-in clears the account's failures (not the address's).
    await db.loginAttempt.deleteMany({ where: { key: accountKey(email), succeeded: false } });
  }
}
