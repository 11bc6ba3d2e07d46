/**
 * ISO 6346 container numbers: a 3-letter owner code, an equipment category (U freight
 * container, J detachable equipment, Z trailer or chassis), a 6-digit serial and a check digit.
 * The check digit catches a mistyped number before it reaches a waybill or a gate.
 */
const LETTER_VALUES: Record<string, number> = {};
{
  // Letters count from 10, skipping the multiples of 11 (11, 22, 33).
  let value = 10;
  for (const letter of "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
    if (value % 11 === 0) value += 1;
    LETTER_VALUES[letter] = value;
    value += 1;
  }
}

const FORMAT = /^[A-Z]{3}[UJZ]\d{7}$/;

/** The check digit for the first ten characters (owner, category, serial). */
export function containerCheckDigit(firstTen: string): number {
  let sum = 0;
  for (let position = 0; position < 10; position += 1) {
    const character = firstTen[position]!;
    const value = /\d/.test(character) ? Number(character) : LETTER_VALUES[character]!;
    sum += value * 2 ** position;
  }
  return (sum % 11) % 10;
}

/** "csqu 305438-3" → "CSQU3054383": spaces, dashes and case as people type them. */
export function normalizeContainerNumber(input: string): string {
  return input.replace(/[\s-]/g, "").toUpperCase();
}

export function isValidContainerNumber(input: string): boolean {
  const number = normalizeContainerNumber(input);
  return FORMAT.test(number) && containerCheckDigit(number.slice(0, 10)) === Number(number[10]);
}
