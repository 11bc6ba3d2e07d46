import fs from "node:fs";
import type { Page } from "@playwright/test";
import iconv from "iconv-lite";
import { seriousAxeViolations } from "./support/axe";
import { expect, test } from "./support/fixtures";
import { waitForHydration } from "./support/hydration";

const SUPERVISOR = "staff.lanzhou@silu-gateway.example";

/** A local date at Lanzhou `days` from now (departures must lie ahead). */
function dateAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The template's column keys, from its header ("服务代码 [service_code]" → service_code). */
function keysOf(headerLine: string): string[] {
  return headerLine.split(",").map((cell) => /\[([^\]]+)\]/.exec(cell)?.[1] ?? cell);
}

/** A CSV row under the template's header: the given columns filled, the rest left blank. */
function row(keys: string[], values: Record<string, string>): string {
  return keys.map((key) => values[key] ?? "").join(",");
}

async function downloadTemplate(page: Page): Promise<string> {
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载模板（CSV）" }).click();
  const file = await (await download).path();
  return fs.readFileSync(file, "utf8");
}

async function upload(page: Page, name: string, text: string) {
  await page.getByLabel("CSV 文件").setInputFiles({ name, mimeType: "text/csv", buffer: iconv.encode(text, "gbk") });
  await page.getByRole("button", { name: "检查文件" }).click();
}

test("a Lanzhou supervisor in zh-CN imports a GBK file: two bad rows are reported and nothing applies until they are fixed", async ({
  page,
  server,
  signInAs,
}) => {
  await signInAs(page, SUPERVISOR);
  await page.goto("/zh-CN/staff");
  await page.getByRole("link", { name: "导入班期（CSV）" }).click();
  await expect(page).toHaveURL(/\/zh-CN\/staff\/imports$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("导入班期");
  await waitForHydration(page);

  const template = await downloadTemplate(page);
  expect(template.charCodeAt(0)).toBe(0xfeff);
  const [headerLine, example] = template.slice(1).trimEnd().split("\r\n");
  expect(headerLine).toContain("服务代码 [service_code]");
  expect(headerLine).toContain("45G1 舱位数 [capacity_45G1]");
  expect(example).toMatch(/^# LAZ-/);
  const keys = keysOf(headerLine!);

  const [first, second, third] = [dateAhead(300), dateAhead(303), dateAhead(306)];
  const good = (date: string, capacity = "30") =>
    row(keys, {
      service_code: "LAZ-DUI-AKL",
      departure_date: date,
      departure_time: "10:30",
      capacity_45G1: capacity,
      tariff_45G1: "7200.00",
      currency_45G1: "USD",
    });
  const lines = (rows: string[]) => [headerLine, ...rows].join("\r\n") + "\r\n";
  const withTwoBadRows = lines([
    good(first),
    good(second, "三十"), // row 3: not a number
    // row 4: Wuwei's service, not this port's
    row(keys, {
      service_code: "WUW-ALA-HRS",
      departure_date: third,
      departure_time: "11:00",
      capacity_45G1: "20",
      tariff_45G1: "5000",
      currency_45G1: "CNY",
    }),
  ]);

  await upload(page, "班期.csv", withTwoBadRows);
  const report = page.getByTestId("import-report");
  await expect(report.getByRole("alert")).toHaveText("未导入任何内容：有 2 个问题需要修正。请修改文件后重新检查。");
  await expect(report.getByRole("button", { name: "确认导入" })).toHaveCount(0);
  const issues = page.getByTestId("import-issues").locator("tbody tr");
  await expect(issues).toHaveCount(2);
  await expect(issues.nth(0).locator("td").first()).toHaveText("3");
  await expect(issues.nth(0)).toContainText("45G1 舱位数（capacity_45G1）");
  await expect(issues.nth(0)).toContainText("请填写整数（0 或以上）。");
  await expect(issues.nth(1).locator("td").first()).toHaveText("4");
  await expect(issues.nth(1)).toContainText("您所在口岸没有代码为 WUW-ALA-HRS 的服务。");
  await expect(report.getByTestId("import-rows")).toHaveText("3");
  expect(await seriousAxeViolations(page)).toEqual([]);
  const service = await server.db.service.findUniqueOrThrow({ where: { code: "LAZ-DUI-AKL" } });
  const imported = () =>
    server.db.departure.count({
      where: { serviceId: service.id, departureAt: { gte: new Date(`${first}T00:00:00+08:00`) } },
    });
  expect(await imported()).toBe(0);

  // Fixed: the capacity in figures, and the Wuwei row (not this port's) replaced by a Lanzhou one.
  await upload(page, "班期.csv", lines([good(first), good(second), good(third, "12")]));
  await expect(report.getByRole("status")).toHaveText("未发现问题。确认导入后，所有行将一次性写入。");
  await expect(report.getByTestId("import-created")).toHaveText("3");
  expect(await imported()).toBe(0);
  await report.getByRole("button", { name: "确认导入" }).click();
  await expect(page.getByTestId("import-applied")).toHaveText(
    "已导入 班期.csv：新增班期 3 个，更新 0 个，无变化 0 行。",
  );
  expect(await imported()).toBe(3);
  const last = await server.db.departure.findFirstOrThrow({
    where: { serviceId: service.id, departureAt: new Date(`${third}T10:30:00+08:00`) },
    include: { capacities: true },
  });
  expect(last.capacities.map((c) => [c.equipmentCode, c.total, c.tariffMinor, c.currency])).toEqual([
    ["45G1", 12, 720_000, "USD"],
  ]);

  // The same file again changes nothing.
  await upload(page, "班期.csv", lines([good(first), good(second), good(third, "12")]));
  await expect(report.getByTestId("import-unchanged")).toHaveText("3");
  await expect(report.getByTestId("import-created")).toHaveText("0");
});

test("the upload, its report and the apply step work without JavaScript", async ({ browser, server, signInAs }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "zh-CN" });
  const page = await context.newPage();
  await signInAs(page, SUPERVISOR);
  await page.goto("/zh-CN/staff/imports");
  const date = dateAhead(320);
  const text = `service_code,departure_date,departure_time,capacity_22G1,tariff_22G1,currency_22G1\r\nLAZ-HAM-HRS,${date},09:00,6,4100.50,EUR\r\n`;
  await upload(page, "hamburg.csv", text);
  await expect(page.getByTestId("import-report").getByRole("status")).toBeVisible();
  await page.getByRole("button", { name: "确认导入" }).click();
  await expect(page.getByTestId("import-applied")).toContainText("新增班期 1 个");
  const departure = await server.db.departure.findFirstOrThrow({
    where: { service: { code: "LAZ-HAM-HRS" }, departureAt: new Date(`${date}T09:00:00+08:00`) },
    include: { capacities: true },
  });
  expect(departure.capacities[0]).toMatchObject({ equipmentCode: "22G1", total: 6, tariffMinor: 410_050 });
  await context.close();
});
