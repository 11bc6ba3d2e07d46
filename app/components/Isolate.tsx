import { Fragment, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/*
 * Right-to-left text (ar) and the Latin, Chinese and digit runs inside it: each name, code,
 * amount or reference is its own bidirectional isolate (<bdi>), so its punctuation stays with
 * it ("Co., Ltd.", "(91620100…)") and the sentence around it keeps its own order.
 */

/**
 * An amount of money as Intl formats it, kept left to right: Arabic formatting starts with a
 * right-to-left mark, and an isolate that guessed its direction from it would put the "$" of
 * "US$" in front of the "US".
 */
export function Amount({ children }: { children: ReactNode }) {
  return (
    <bdi dir="ltr" className="amount">
      {children}
    </bdi>
  );
}

const MARKER = /\uE000(\d+)\uE001/;

/**
 * A translated sentence with some of its values as elements (a name in <bdi>, an <Amount>):
 * the translation is asked for with private-use markers in their place, then split at them.
 */
export function withElements(
  translate: (markers: Record<string, string>) => string,
  elements: Record<string, ReactNode>,
): ReactNode {
  const names = Object.keys(elements);
  const markers = Object.fromEntries(names.map((name, index) => [name, `\uE000${index}\uE001`]));
  return translate(markers)
    .split(MARKER)
    .map((part, index) =>
      index % 2 === 0 ? part : <Fragment key={index}>{elements[names[Number(part)] ?? ""]}</Fragment>,
    );
}

/**
 * "Origin → destination" as the viewer's language writes it (`schedules:board.route`: "←" in
 * Arabic, which reads right to left), each place isolated so that a Latin name does not turn
 * the arrow round.
 */
export function RouteName({ origin, destination }: { origin: string; destination: string }) {
  const { t } = useTranslation("schedules");
  return (
    <>
      {withElements((markers) => t("board.route", markers), {
        origin: <bdi>{origin}</bdi>,
        destination: <bdi>{destination}</bdi>,
      })}
    </>
  );
}
