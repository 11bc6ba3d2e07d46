import { seriousAxeViolations } from "./support/axe";
import { expect, test } from "./support/fixtures";
import { waitForHydration } from "./support/hydration";

test.describe.configure({ timeout: 90_000 });

test("a Lanzhou supervisor in zh-CN creates a weekly service, publishes 13 weeks and is refused a capacity cut below booked", async ({
  page,
  server,
  signInAs,
}) => {
  await signInAs(page, "staff.lanzhou@silu-gateway.example");
  await page.goto("/zh-CN/staff");
  await page.getByRole("link", { name: "线路与班期" }).click();
  await expect(page).toHaveURL(/\/zh-CN\/staff\/services$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("线路与班期");
  await expect(page.getByTestId("services")).toContainText("LAZ-ALA-HRS");
  await waitForHydration(page);

  // A new weekly service to Almaty via the Khorgos border crossing, with its gauge change.
  const form = page.getByTestId("service-form");
  await form.getByLabel("线路代码").fill("LAZ-ALA-E2E");
  await form.getByLabel("始发港").selectOption("CNLAZ");
  await form.getByLabel("通道").selectOption("CENTRAL_ASIA");
  await form.getByLabel("目的地").selectOption("KZALA");
  await form.getByLabel("车次或航班号").fill("X8123");
  await form.getByLabel("承运方").fill("兰州国际陆港运营公司");
  await form.getByLabel("第 1 段：到达").selectOption("CNHRS");
  await form.getByLabel("第 1 段：计划小时数").fill("66");
  await form.getByLabel("第 1 段：终点换装").fill("1435>1520");
  // The second leg's first try stops short of the destination: refused at its field.
  await form.getByLabel("第 2 段：到达").selectOption("CNAKL");
  await form.getByLabel("第 2 段：计划小时数").fill("36");
  await form.getByLabel("周三").check();
  await form.getByLabel("发车时间（始发地当地时间）").fill("15:00");
  await form.getByLabel("截货时间：发车前天数").fill("2");
  await form.getByLabel("截货时间：时刻").fill("17:00");
  await form.getByLabel("截单时间：发车前天数").fill("3");
  await form.getByLabel("截单时间：时刻").fill("12:00");
  await page.getByRole("button", { name: "创建线路" }).click();
  const secondLeg = form.getByLabel("第 2 段：到达");
  await expect(secondLeg).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#service-leg2To-error")).toHaveText("最后一段必须到达目的地。");
  // What was typed is kept, the ticked weekday too.
  await expect(form.getByLabel("车次或航班号")).toHaveValue("X8123");
  await expect(form.getByLabel("周三")).toBeChecked();
  await secondLeg.selectOption("KZALA");
  await page.getByRole("button", { name: "创建线路" }).click();

  await expect(page).toHaveURL(/\/zh-CN\/staff\/services\/LAZ-ALA-E2E$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("线路 LAZ-ALA-E2E");
  await expect(page.getByRole("status")).toHaveText("已保存。");
  await waitForHydration(page);
  expect(await seriousAxeViolations(page)).toEqual([]);

  // What each departure offers: two 40' HQ slots.
  const offer = page.getByTestId("offer-form");
  await offer.getByLabel("箱型").selectOption("45G1");
  await offer.getByLabel("舱位").fill("2");
  await offer.getByLabel("单价").fill("26000");
  await offer.getByLabel("币种").selectOption("CNY");
  await offer.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("offers")).toContainText("45G1");

  // Publish 13 weeks: one departure each Wednesday still ahead; publishing again adds none.
  await page.getByTestId("publish-form").getByLabel("发布周数").fill("13");
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.getByRole("status")).toHaveText(/^已发布新班列：1[23] 个。$/);
  const created = Number(/：(\d+) 个/.exec((await page.getByRole("status").textContent()) ?? "")![1]);
  await expect(page.getByTestId("service-departures").locator("tbody tr")).toHaveCount(created);
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.getByRole("status")).toHaveText("已发布新班列：0 个。");
  const service = await server.db.service.findUniqueOrThrow({
    where: { code: "LAZ-ALA-E2E" },
    include: { legs: true },
  });
  expect(service.legs.map((leg) => [leg.toCode, leg.gaugeChange])).toEqual([
    ["CNHRS", "1435>1520"],
    ["KZALA", null],
  ]);
  expect(await server.db.departure.count({ where: { serviceId: service.id } })).toBe(created);

  // The first departure: both slots booked (arranged directly), then a cut to one is refused.
  const first = await server.db.departure.findFirstOrThrow({
    where: { serviceId: service.id },
    orderBy: { departureAt: "asc" },
  });
  await server.db.departureCapacity.updateMany({
    where: { departureId: first.id, equipmentCode: "45G1" },
    data: { available: 0, booked: 2 },
  });
  await page.getByTestId("service-departures").getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/zh-CN/staff/departures/${first.id}$`));
  const row = page.getByTestId("capacity-45G1");
  await expect(row.getByTestId("committed-45G1")).toHaveText("可用 0 · 锁舱 0 · 已订 2");
  await waitForHydration(page);
  await row.getByLabel("舱位").fill("1");
  await row.getByRole("button", { name: "保存" }).click();
  await expect(row.getByLabel("舱位")).toHaveAttribute("aria-invalid", "true");
  await expect(row.locator("#capacity-45G1-total-error")).toHaveText("不能低于 2：已锁舱 0，已订舱 2。");
  await expect(row.getByLabel("舱位")).toHaveValue("1");
  expect(await server.db.departureCapacity.findFirstOrThrow({ where: { departureId: first.id } })).toMatchObject({
    total: 2,
    booked: 2,
  });
  expect(await seriousAxeViolations(page)).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a supervisor's plain forms: a cut-off after the departure refused at its field, a tariff saved; a Lanzhou operator only reads", async ({
    page,
    server,
    signInAs,
  }) => {
    const departure = await server.db.departure.findFirstOrThrow({
      where: { service: { code: "LAZ-ALA-HRS" }, cargoCutoffAt: { gt: new Date(Date.now() + 7 * 86_400_000) } },
      orderBy: { departureAt: "asc" },
      include: { capacities: { where: { equipmentCode: "45G1" } } },
    });
    await signInAs(page, "staff.lanzhou@silu-gateway.example");
    await page.goto(`/en/staff/departures/${departure.id}`);
    const times = page.getByTestId("times-form");
    // A cut-off after the departure is refused at its field, in English.
    await times.getByLabel("Cargo cut-off (Asia/Shanghai)").fill("2099-01-01T10:00");
    await page.getByRole("button", { name: "Save times" }).click();
    await expect(page.locator("#field-cargoCutoffAt-error")).toHaveText("A cut-off must not be after the departure.");
    await expect(times.getByLabel("Cargo cut-off (Asia/Shanghai)")).toHaveValue("2099-01-01T10:00");

    const row = page.getByTestId("capacity-45G1");
    await row.getByLabel("Tariff per unit (CNY)").fill("27500.50");
    await row.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toHaveText("Departure saved.");
    await expect(page.getByTestId("capacity-45G1").getByLabel("Tariff per unit (CNY)")).toHaveValue("27500.50");
    expect(
      await server.db.departureCapacity.findUniqueOrThrow({ where: { id: departure.capacities[0]!.id } }),
    ).toMatchObject({ tariffMinor: 2_750_050, total: departure.capacities[0]!.total });

    // An operator of the same port sees the departure and the service, with nothing to submit.
    const operator = await server.db.user.create({
      data: {
        email: `operator-${Date.now()}@silu-gateway.example`,
        name: "王芳",
        kind: "STAFF",
        staffRole: "OPERATOR",
        locale: "en",
        timeZone: "Asia/Shanghai",
        passwordHash: "not-used",
        emailVerifiedAt: new Date(),
        staffPorts: { create: [{ placeCode: "CNLAZ" }] },
      },
    });
    await page.context().clearCookies();
    await signInAs(page, operator.email);
    await page.goto(`/en/staff/departures/${departure.id}`);
    await expect(page.getByTestId("read-only")).toBeVisible();
    await expect(page.getByRole("button", { name: "Save times" })).toHaveCount(0);
    await expect(page.getByTestId("capacity-45G1").getByRole("button")).toHaveCount(0);
    await expect(page.getByTestId("capacity-45G1").getByLabel("Capacity")).toBeDisabled();
    await page.goto("/en/staff/services/LAZ-ALA-HRS");
    await expect(page.getByTestId("read-only")).toBeVisible();
    await expect(page.getByRole("button", { name: "Publish" })).toHaveCount(0);
  });
});
