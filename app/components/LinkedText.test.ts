import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LinkedText } from "./LinkedText";

describe("LinkedText (the development outbox)", () => {
  it("turns the e-mail's addresses into links and leaves the rest as text", () => {
    const text =
      "请确认：http://localhost:3000/zh-CN/verify-email?token=Ab_9-x.\n订舱 https://silu.example/de/bookings/SG-AB12-CD34, danke.";
    const html = renderToStaticMarkup(createElement(LinkedText, { text }));
    expect(html).toContain(
      '<a href="http://localhost:3000/zh-CN/verify-email?token=Ab_9-x">http://localhost:3000/zh-CN/verify-email?token=Ab_9-x</a>.',
    );
    expect(html).toContain('<a href="https://silu.example/de/bookings/SG-AB12-CD34">');
    expect(html).toContain("请确认：");
    expect(html.match(/<a /g)).toHaveLength(2);
  });

  it("makes no link of text that only looks like one, and escapes markup", () => {
    const html = renderToStaticMarkup(createElement(LinkedText, { text: 'javascript:alert(1) <b>"x"</b> ftp://a' }));
    expect(html).not.toContain("<a");
    expect(html).toContain("&lt;b&gt;");
  });
});
