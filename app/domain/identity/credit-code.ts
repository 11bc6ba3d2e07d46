/**
 * 统一社会信用代码 (Unified Social Credit Code, GB 32100-2015): 18 characters from a 31-letter
 * alphabet (digits and capitals without I, O, Z, S, V); the last is a check character over the
 * first 17 with weights 3^i mod 31.
 */
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = ALPHABET.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Upper-cases and strips spaces, as people type and print the code in groups. */
export function normalizeCreditCode(input: string): string {
  return input.replace(/[\s-]/g, "").toUpperCase();
}

export function isValidCreditCode(input: string): boolean {
  const code = normalizeCreditCode(input);
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17];
}
