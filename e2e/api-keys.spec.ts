import { seriousAxeViolations } from "./support/axe";
import { expect, test } from "./support/fixtures";
import { waitForHydration } from "./support/hydration";

test("en: a company admin creates a partner-API key, sees it once, and revokes it", async ({
  page,
  server,
  signInAs,
  newExporter,
}) => {
  const { email } = await newExporter({ role: "ADMIN", creditStatus: "PREPAY" });
  await signInAs(page, email);
  await page.goto("/en/company");
  await page.getByRole("link", { name: "API keys for the partner API" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("API keys");
  await expect(page.getByText("No API keys yet.")).toBeVisible();
  await waitForHydration(page);

  // No permission ticked: refused at the field, the name kept.
  await page.getByLabel("Name").fill("ERP tracking import");
  await page.getByLabel("Read tracking events").uncheck();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("Choose at least one permission.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("ERP tracking import");

  await page.getByLabel("Read tracking events").check();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByRole("status")).toContainText("Key “ERP tracking import” created. Copy it now");
  const key = await page.getByTestId("new-api-key").inputValue();
  expect(key).toMatch(/^sgw_[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId("api-keys").getByRole("row").filter({ hasText: "ERP tracking import" });
  await expect(row).toContainText(`${key.slice(0, 12)}…`);
  await expect(row).toContainText("0 calls");
  expect(await seriousAxeViolations(page)).toEqual([]);

  // Shown once: the page afterwards has the prefix only.
  await page.reload();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  expect(await page.content()).not.toContain(key.slice(12));
  const stored = await server.db.apiKey.findFirstOrThrow({ where: { name: "ERP tracking import" } });
  expect(stored.secretHash).not.toContain(key);

  await row.getByRole("button", { name: "Revoke key ERP tracking import" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "The key is revoked: calls with it are refused from now on, and the event subscriptions it created are deleted.",
  );
  await expect(row).toContainText("revoked");
});
