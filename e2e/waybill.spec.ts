import { createHash } from "node:crypto";
import { loadActor } from "../app/domain/identity/actor.server";
import { amendWaybill } from "../app/domain/waybill/amend-waybill.server";
import { approveWaybillDraft, submitWaybillDraft } from "../app/domain/waybill/draft-waybill.server";
import { issueWaybill } from "../app/domain/waybill/issue-waybill.server";
import { submitDemoInstructions } from "../tests/support/waybill";
import { seriousAxeViolations } from "./support/axe";
import { holdHighCubesZh } from "./support/booking";
import { expect, test } from "./support/fixtures";

// Until the waybill's own screens exist, the instructions, draft, approval, issue and amendment
// are made through the domain; the partner's side — the QR link — is the real page.
test("de: a partner scans the through waybill's QR link: genuine and current, then superseded after an amendment", async ({
  page,
  browser,
  server,
  signInAs,
  newExporter,
}) => {
  const { email } = await newExporter({ role: "BOOKER", creditStatus: "ON_ACCOUNT" });
  await signInAs(page, email);
  const reference = await holdHighCubesZh(page, server.db, 2);
  await page.getByTestId("payment-section").getByLabel("我接受上述取消条款").check();
  await page.getByTestId("payment-section").getByRole("button", { name: "月结（账期）确认" }).click();
  await expect(page.getByTestId("booking-status")).toHaveText("已确认");

  const actorOf = async (address: string) =>
    loadActor(server.db, (await server.db.user.findUniqueOrThrow({ where: { email: address } })).id);
  const exporter = await actorOf(email);
  const staff = await actorOf("staff.lanzhou@silu-gateway.example");
  await submitDemoInstructions(server.db, exporter, reference);
  await submitWaybillDraft(server.db, { actor: exporter, reference, consigneeLocale: "de" });
  await approveWaybillDraft(server.db, { actor: exporter, reference });
  const { number } = await issueWaybill(server.db, { actor: staff, reference });
  const { verificationCode } = await server.db.waybill.findUniqueOrThrow({ where: { number } });

  // The exporter's JSON form of the issued version, described by the schema the portal serves.
  const json = await page.request.get(`/en/waybills/${number}.json`);
  expect(json.status()).toBe(200);
  expect(json.headers()["content-type"]).toContain("application/json");
  expect(json.headers()["link"]).toBe('</schemas/waybill-v1.json>; rel="describedby"');
  expect(
    createHash("sha256")
      .update(await json.body())
      .digest("hex"),
  ).toBe(json.headers()["x-document-sha256"]);
  expect(await json.json()).toMatchObject({ number, version: 1, bookingReference: reference });
  const pdf = await page.request.get(`/en/waybills/${number}.pdf`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const schema = await page.request.get("/schemas/waybill-v1.json");
  expect(schema.status()).toBe(200);
  expect((await schema.json()).$id).toContain("waybill-v1.json");

  // The partner's phone: not signed in, German.
  const partner = await (await browser.newContext({ locale: "de-DE" })).newPage();
  // The QR code's address has no language: the partner's browser asks for German.
  const link = `${server.baseURL}/verify/${number}?c=${verificationCode}&v=1`;
  const answer = await partner.goto(link);
  // (A number may end in "*", its check character: escaped for the pattern.)
  await expect(partner).toHaveURL(new RegExp(`/de/verify/${number.replace(/[*]/g, "\\*")}\\?c=`));
  expect(answer?.headers()["x-robots-tag"]).toBe("noindex");
  await expect(partner.getByTestId("verification-verdict")).toHaveText(
    "Echt: Version 1 ist die gültige Fassung dieses durchgehenden Frachtbriefs.",
  );
  await expect(partner.locator('meta[name="robots"]')).toHaveAttribute("content", "noindex");
  await expect(partner.getByText("Ausgestellt")).toBeVisible();
  expect(await seriousAxeViolations(partner)).toEqual([]);
  // The number without its code tells nothing.
  expect((await partner.goto(`${server.baseURL}/de/verify/${number}?c=${"x".repeat(27)}`))?.status()).toBe(404);

  await amendWaybill(server.db, {
    actor: staff,
    reference,
    reason: "Neue Anschrift des Empfängers",
    change: (latest) => ({ ...latest, originals: latest.originals === 2 ? 1 : 2 }),
  });
  await partner.goto(link);
  await expect(partner.getByTestId("verification-verdict")).toContainText("Diese Ausfertigung (Version 1) wurde am");
  await expect(partner.getByTestId("verification-verdict")).toContainText("durch Version 2 ersetzt");
});
