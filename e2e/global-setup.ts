import fs from "node:fs";
import { startMailbox } from "./support/mailbox";
import { MAIL_FOLDER, SMTP_PORT } from "./support/environment";

export default async function globalSetup() {
  fs.rmSync(MAIL_FOLDER, { recursive: true, force: true });
  const server = await startMailbox(SMTP_PORT, MAIL_FOLDER);
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}
