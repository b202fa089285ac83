// "Did you mean" suggestions for an unknown ACL id: the nearest known ids by edit distance.
// Ids are compared within the closest modules only, so a 14,000-id tree answers in well under a
// millisecond instead of measuring the distance to every id.
import { distance } from 'fastest-levenshtein';

const MAX_MODULES = 4;

export function nearestIds(unknown: string, idsByModule: ReadonlyMap<string, readonly string[]>, limit = 3): string[] {
  const budget = Math.max(2, Math.floor(unknown.length / 4));
  const separator = unknown.indexOf('::');
  const module = separator >= 0 ? unknown.slice(0, separator) : unknown;
  const moduleBudget = Math.max(1, Math.floor(module.length / 4));
  const lower = unknown.toLowerCase();
  // The closest modules first (an exact match scores 0), at most a few of them.
  const modules: Array<{ ids: readonly string[]; score: number }> = [];
  for (const [candidateModule, ids] of idsByModule) {
    if (Math.abs(candidateModule.length - module.length) > moduleBudget) continue;
    const score = candidateModule.toLowerCase() === module.toLowerCase() ? 0 : distance(candidateModule, module);
    if (score <= moduleBudget) modules.push({ ids, score });
  }
  modules.sort((a, b) => a.score - b.score);
  const scored: Array<{ id: string; score: number }> = [];
  for (const { ids } of modules.slice(0, MAX_MODULES)) {
    for (const id of ids) {
      if (Math.abs(id.length - unknown.length) > budget) continue;
      const score = id.toLowerCase() === lower ? 0 : distance(unknown, id);
      if (score <= budget) scored.push({ id, score });
    }
  }
  scored.sort((a, b) => a.score - b.score || a.id.localeCompare(b.id));
  // Only the near ones: with a large core many ids fall within the budget, and one letter off
  // ("prodcts") must not be offered a word five letters away ("sets") beside the real match.
  const best = scored[0]?.score ?? 0;
  return scored.filter((s) => s.score <= best + 2).slice(0, limit).map((s) => s.id);
}
