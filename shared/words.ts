// Counts in words, for every message that shows one: "1 problem", "2 problems", "1,500 modules".
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${grouped(n)} ${n === 1 ? singular : plural}`;
}

/**
 * A whole number with thousands separators, as toLocaleString('en') writes it, without ICU: its first use
 * loads number formatting data (about 10 ms, in the middle of the first index's progress reports).
 */
function grouped(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en');
  const digits = String(Math.abs(n));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? `-${out}` : out;
}
