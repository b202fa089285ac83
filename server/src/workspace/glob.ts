// Glob matching without backtracking, for patterns that come from settings (a cloned repository's
// .vscode/settings.json can carry any): VS Code's glob syntax (`*`, `?`, `**`, `[...]`, `{a,b}`) matched
// segment by segment, each `*` and `**` placed greedily at its leftmost fit. Regex-based matchers
// (picomatch, minimatch) turn `**/*a*a*a*a*a*a*a*a*a*z` into nested quantifiers that backtrack: on a folder
// named A + 39 × a, one path took seconds. Here a path costs at most (path length × pattern length).

/** Brace expansions beyond this are refused rather than multiplied out. */
export const MAX_BRACE_EXPANSIONS = 256;
export const MAX_PATTERN_LENGTH = 1000;

type CharTest = (code: number) => boolean;
/** A segment pattern: its fixed-length pieces between `*`s (one piece when it has no `*`). */
type SegmentPattern = CharTest[][];
/** A path pattern: its runs of segment patterns between `**`s (one run when it has no `**`). */
type PathPattern = SegmentPattern[][];

export type GlobMatcher = (relativePath: string) => boolean;

/** A matcher for `/`-separated relative paths, or why the pattern is refused. */
export function compileGlob(glob: string): GlobMatcher | { refused: string } {
  if (glob.length > MAX_PATTERN_LENGTH) return { refused: `longer than ${MAX_PATTERN_LENGTH} characters` };
  const alternatives = expandBraces(glob);
  if (!alternatives) return { refused: `its braces expand to more than ${MAX_BRACE_EXPANSIONS} patterns` };
  const compiled = alternatives.map(compileAlternative);
  return (relativePath) => {
    const segments = relativePath.split('/').filter((s) => s !== '' && s !== '.');
    return compiled.some((pattern) => matchPath(pattern, segments));
  };
}

/** `{a,b}` (nested too) into its alternatives; undefined past the limit. Linear in what it produces. */
function expandBraces(glob: string): string[] | undefined {
  const open = glob.indexOf('{');
  if (open < 0) return [glob];
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < glob.length; i++) {
    const c = glob[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      if (commas.length === 0) {
        // `{a}` is not a set: the braces are literal characters, as in VS Code.
        const rest = expandBraces(glob.slice(i + 1));
        return rest?.map((r) => glob.slice(0, i + 1) + r);
      }
      const bounds = [open, ...commas, i];
      const options: string[] = [];
      for (let k = 0; k + 1 < bounds.length; k++) {
        const expanded = expandBraces(glob.slice(bounds[k] + 1, bounds[k + 1]));
        if (!expanded) return undefined;
        options.push(...expanded);
        if (options.length > MAX_BRACE_EXPANSIONS) return undefined;
      }
      const rest = expandBraces(glob.slice(i + 1));
      if (!rest || options.length * rest.length > MAX_BRACE_EXPANSIONS) return undefined;
      return options.flatMap((o) => rest.map((r) => glob.slice(0, open) + o + r));
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  return [glob]; // An unclosed brace is a literal character.
}

function compileAlternative(glob: string): PathPattern {
  const runs: PathPattern = [[]];
  for (const segment of glob.split('/')) {
    if (segment === '' || segment === '.') continue;
    // Consecutive `**`s are one.
    if (segment === '**') {
      if (runs.at(-1)!.length > 0 || runs.length === 1) runs.push([]);
    } else {
      runs.at(-1)!.push(compileSegment(segment));
    }
  }
  return runs;
}

function compileSegment(segment: string): SegmentPattern {
  const pieces: SegmentPattern = [[]];
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') {
      // Consecutive `*`s are one.
      if (pieces.at(-1)!.length > 0 || pieces.length === 1) pieces.push([]);
      continue;
    }
    if (c === '?') {
      pieces.at(-1)!.push(() => true);
      continue;
    }
    if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end > 0) {
        pieces.at(-1)!.push(characterClass(segment.slice(i + 1, end)));
        i = end;
        continue;
      }
    }
    const code = segment.charCodeAt(i);
    pieces.at(-1)!.push((other) => other === code);
  }
  return pieces;
}

/** `[abc]`, `[a-z]`, `[!a]` / `[^a]`. */
function characterClass(body: string): CharTest {
  const negated = body[0] === '!' || body[0] === '^';
  const chars = negated ? body.slice(1) : body;
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < chars.length; i++) {
    const from = chars.charCodeAt(i);
    if (chars[i + 1] === '-' && i + 2 < chars.length) {
      ranges.push([from, chars.charCodeAt(i + 2)]);
      i += 2;
    } else {
      ranges.push([from, from]);
    }
  }
  return (code) => ranges.some(([from, to]) => code >= from && code <= to) !== negated;
}

/** Whether `piece` matches `text` at `at`. */
function pieceAt(piece: CharTest[], text: string, at: number): boolean {
  for (let k = 0; k < piece.length; k++) if (!piece[k](text.charCodeAt(at + k))) return false;
  return true;
}

/**
 * Fixed-length parts separated by wildcards, over `length` positions: without a wildcard (one part) it fills
 * them; otherwise the first is at the start, the last at the end, the others at their leftmost fit between.
 * Leftmost placement is exact for fixed-length parts, so nothing is ever retried: segments place their
 * pieces (between `*`s) over characters, paths their runs of segments (between `**`s) over segments.
 */
function placeParts<T>(parts: readonly T[][], length: number, fits: (part: T[], at: number) => boolean): boolean {
  if (parts.length === 1) return parts[0].length === length && fits(parts[0], 0);
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (first.length + last.length > length) return false;
  if (!fits(first, 0) || !fits(last, length - last.length)) return false;
  let at = first.length;
  const end = length - last.length;
  for (let p = 1; p < parts.length - 1; p++) {
    const part = parts[p];
    while (at + part.length <= end && !fits(part, at)) at++;
    if (at + part.length > end) return false;
    at += part.length;
  }
  return true;
}

function matchSegment(pattern: SegmentPattern, text: string): boolean {
  return placeParts(pattern, text.length, (piece, at) => pieceAt(piece, text, at));
}

function matchPath(runs: PathPattern, segments: string[]): boolean {
  return placeParts(runs, segments.length, (run, at) => run.every((segment, k) => matchSegment(segment, segments[at + k])));
}
