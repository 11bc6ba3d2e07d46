import { describe, expect, it } from "vitest";
import { bidiTokens, visualUnits } from "./pdf-text.server";

/** The units of a right-to-left line from the right edge leftwards, each as it reads. */
const fromTheRight = (text: string) =>
  visualUnits(bidiTokens(text)).map((unit) =>
    unit.map((token, index) => (index > 0 && !token.glued ? ` ${token.text}` : token.text)).join(""),
  );

describe("right-to-left lines", () => {
  it("places Arabic words from the right, and the route's arrow between origin and destination", () => {
    expect(fromTheRight("ميناء لانتشو البري الدولي ← دويسبورغ")).toEqual([
      "ميناء",
      "لانتشو",
      "البري",
      "الدولي",
      "←",
      "دويسبورغ",
    ]);
  });

  it("keeps a run of Latin words, a code or an amount in reading order, as one unit", () => {
    const units = fromTheRight("صادرة بشكل إلكتروني من Silu Gateway، وصالحة دون توقيع.");
    expect(units.slice(0, 5)).toEqual(["صادرة", "بشكل", "إلكتروني", "من", "Silu Gateway"]);
    // The Arabic comma after the company name reads right to left, touching it.
    expect(units[5]).toBe("،");
    expect(bidiTokens("Gateway،")[1]).toMatchObject({ text: "،", glued: true });
    expect(fromTheRight("المبلغ USD 14,445.00 مستحق")).toEqual(["المبلغ", "USD 14,445.00", "مستحق"]);
  });

  it("gives brackets the direction of what they enclose, mirrored when right to left", () => {
    // Arabic inside: the brackets read right to left, so "(" is drawn as ")" at the right end.
    expect(fromTheRight("2026-12-04، الساعة 17:00 (UTC+8، بتوقيت بكين)")).toEqual([
      "2026-12-04",
      "،",
      "الساعة",
      "17:00",
      ")",
      "UTC+8",
      "،",
      "بتوقيت",
      "بكين",
      "(",
    ]);
    // Only Latin inside, after Latin: the brackets belong to the Latin run.
    expect(fromTheRight("رمز Lanzhou Co. (91620100MA72X4K3QK) هنا")).toEqual([
      "رمز",
      "Lanzhou Co. (91620100MA72X4K3QK)",
      "هنا",
    ]);
  });

  it("keeps a per cent sign with its number", () => {
    expect(fromTheRight("بنسبة صفر (0٪) وفق")).toEqual(["بنسبة", "صفر", ")", "0٪", "(", "وفق"]);
  });
});
