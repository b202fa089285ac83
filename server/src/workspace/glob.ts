// Glob matching without backtracking, for patterns that come from settings (a cloned repository's
// .vscode/settings.json can carry any): VS Code's glob syntax (`*`, `?`, `**`, `[...]`, `{a,b}`) matched
// segment by segment, each `*` and `**` placed greedily at its leftmost fit. Regex-based matchers
// (picomatch, minimatch) turn `**/*a*a*a*a*a*a*a*a*a*z` into nested quantifiers that backtrack: on a folder
// named A + 39 × a, one path took seconds. Here a path costs at most (path length × pattern length).

/** Brace expansions beyond this are refused rather than multiplied out. */
export const MAX_BRACE_EXPANSIONS = 256;
export const MAX_PATTERN_LENGTH = 1000;

type CharTest = (code: number) => boolean;
/** A segment pattern: fixed-length pieces between `*`s (the first anchored at the start, the last at the end). */
interface SegmentPattern {
  pieces: CharTest[][];
  starred: boolean;
}
const GLOBSTAR = 'globstar';
type PatternSegment = SegmentPattern | typeof GLOBSTAR;

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

function compileAlternative(glob: string): PatternSegment[] {
  const result: PatternSegment[] = [];
  for (const segment of glob.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '**') {
      if (result.at(-1) !== GLOBSTAR) result.push(GLOBSTAR);
    } else {
      result.push(compileSegment(segment));
    }
  }
  return result;
}

function compileSegment(segment: string): SegmentPattern {
  const pieces: CharTest[][] = [[]];
  let starred = false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') {
      starred = true;
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
  return { pieces, starred };
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

/** One segment: the first piece at the start, the last at the end, the others at their leftmost fit between. */
function matchSegment(pattern: SegmentPattern, text: string): boolean {
  const { pieces } = pattern;
  if (!pattern.starred) return pieces[0].length === text.length && pieceAt(pieces[0], text, 0);
  const first = pieces[0];
  const last = pieces.length > 1 ? pieces[pieces.length - 1] : [];
  if (first.length + last.length > text.length) return false;
  if (!pieceAt(first, text, 0) || !pieceAt(last, text, text.length - last.length)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (let p = 1; p < pieces.length - 1; p++) {
    const piece = pieces[p];
    while (at + piece.length <= end && !pieceAt(piece, text, at)) at++;
    if (at + piece.length > end) return false;
    at += piece.length;
  }
  return true;
}

/** A run of segment patterns at `at`. */
function blockAt(block: SegmentPattern[], segments: string[], at: number): boolean {
  for (let k = 0; k < block.length; k++) if (!matchSegment(block[k], segments[at + k])) return false;
  return true;
}

/** The path: the runs between `**`s placed like a segment's pieces (first at the start, last at the end). */
function matchPath(pattern: PatternSegment[], segments: string[]): boolean {
  const blocks: SegmentPattern[][] = [[]];
  for (const part of pattern) {
    if (part === GLOBSTAR) blocks.push([]);
    else blocks.at(-1)!.push(part);
  }
  if (blocks.length === 1) return blocks[0].length === segments.length && blockAt(blocks[0], segments, 0);
  const first = blocks[0];
  const last = blocks[blocks.length - 1];
  if (first.length + last.length > segments.length) return false;
  if (!blockAt(first, segments, 0) || !blockAt(last, segments, segments.length - last.length)) return false;
  let at = first.length;
  const end = segments.length - last.length;
  for (let b = 1; b < blocks.length - 1; b++) {
    const block = blocks[b];
    while (at + block.length <= end && !blockAt(block, segments, at)) at++;
    if (at + block.length > end) return false;
    at += block.length;
  }
  return true;
}
