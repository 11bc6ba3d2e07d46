import type { RequestMeta } from "~/domain/identity/session.server";
import { confirmRegistration, registerCompany } from "~/domain/identity/register-company.server";
import type { RegisterCompanyInput } from "~/schemas/identity";
import type { Db } from "~/utils/db.server";

/** The token in the newest confirmation link mailed to `email`. */
export async function mailedToken(db: Db, email: string, template = "verifyEmail"): Promise<string> {
  const mail = await db.outboxMessage.findFirstOrThrow({
    where: { to: email, template },
    orderBy: { createdAt: "desc" },
  });
  return /token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] ?? "";
}

/** Registers a company and confirms it from the e-mailed link, as its admin would. */
export async function createCompanyAccount(db: Db, input: RegisterCompanyInput, meta: RequestMeta) {
  await registerCompany(db, input, meta);
  const created = await confirmRegistration(db, await mailedToken(db, input.email), meta);
  if (!created) throw new Error(`no pending registration for ${input.email}`);
  return created;
}
