import crypto from "node:crypto";
import { creditCodeCheckCharacter } from "../../app/domain/identity/credit-code";

let sequence = 0;

/** A unique, valid unified social credit code and e-mail address for each company a test creates. */
export function freshCompany() {
  // Strictly increasing within a worker; the e-mail has a random part too, as all workers share one mailbox.
  const serial = String((Date.now() + sequence++) % 10_000_000).padStart(7, "0");
  const first17 = `91620100MA${serial}`;
  return {
    serial,
    creditCode: `${first17}${creditCodeCheckCharacter(first17)}`,
    email: `wang.fang.${serial}.${crypto.randomInt(1000)}@example.cn`,
  };
}
