import path from "node:path";

/** Where this e2e run keeps its database and received e-mail. */
export const E2E_WORKDIR = process.env.E2E_WORKDIR ?? path.resolve(".tmp", "e2e");
export const MAIL_FOLDER = path.join(E2E_WORKDIR, "mail");
export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2526);
