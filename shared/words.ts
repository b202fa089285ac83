// Counts in words, for every message that shows one: "1 problem", "2 problems", "1 REST route".
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? singular : plural}`;
}
