// Exclude globs from settings, matched without backtracking: the same answers as picomatch (the matcher
// used before) on ordinary patterns, and bounded work on the patterns that made picomatch's regexes
// backtrack for seconds.
import * as assert from 'node:assert/strict';
import picomatch from 'picomatch';
import { compileGlob, GlobMatcher, MAX_BRACE_EXPANSIONS } from '../../server/src/workspace/glob';
import { Exclusions } from '../../server/src/workspace/exclusions';
import { cpuMs } from '../cpuTime';

function matcher(glob: string): GlobMatcher {
  const compiled = compileGlob(glob);
  assert.ok(!('refused' in compiled), `${glob} compiles`);
  return compiled as GlobMatcher;
}

const PATTERNS = [
  'vendor', 'vendor/**', '**/node_modules', '**/node_modules/**', 'app/code/Sandbox', 'vendor/acme/legacy-*', '**/.git',
  '*.xml', '**/*.xml', 'app/*/Acme/**/etc/*.xml', 'app/code/*/Test*', '**/Test/**', 'a/**/b/**/c', '**', '*',
  'app/code/{Acme,Other}/**', '**/{Test,Tests}/**', 'file?.txt', '**/[Tt]est', 'dev/tests/**/_files/**',
  '**/.*', 'generated', 'pub/static/**/*.{js,css}', '**/*a*a*z', 'x{a,{b,c}}y', '{a}', 'a/**', '**/b',
];
const PATHS = [
  'vendor', 'vendor/acme', 'vendor/acme/legacy-erp', 'vendor/acme/legacy-erp/etc/acl.xml', 'node_modules', 'x/node_modules/y',
  '.git', 'a/.git', 'app/code/Sandbox', 'app/code/Sandbox/Try/etc/acl.xml', 'app/code/Acme/Sync', 'app/code/Acme/Test/Unit',
  'app/code/Acme/TestSuite', 'app/code/Other/x', 'acl.xml', 'etc/acl.xml', 'app/x/Acme/etc/acl.xml', 'app/x/Acme/a/b/etc/acl.xml',
  'a/b/c', 'a/x/b/y/c', 'a/c/b', 'a/b', 'b', 'a', 'file1.txt', 'file10.txt', 'test', 'Test', 'x/test', 'vendor/abc', 'vendor/bcd',
  'dev/tests/integration/_files/x.php', 'pub/static/frontend/a.js', 'pub/static/b.css', 'pub/static/c.html', 'xaaz', 'q/baz',
  'xay', 'xby', 'xcy', 'xdy', '{a}', 'generated/code', '.hidden/file', 'dir/.env',
];

describe('exclude globs without backtracking', () => {
  it('answers as picomatch (dot: true) on ordinary patterns and paths', () => {
    for (const glob of PATTERNS) {
      const ours = matcher(glob);
      const theirs = picomatch(glob, { dot: true });
      for (const file of PATHS) assert.equal(ours(file), theirs(file), `${glob} on ${file}`);
    }
  });

  it('negates a class with [!…] as VS Code documents (picomatch does not)', () => {
    const negated = matcher('vendor/[!a]*');
    assert.deepEqual(['vendor/acme', 'vendor/bcd', 'vendor/Acme'].map(negated), [false, true, true]);
    assert.deepEqual(['example.a', 'example.0'].map(matcher('example.[!0-9]')), [true, false]);
  });

  it('matches the pattern that backtracked for seconds in bounded work, linear in the path', () => {
    const hostile = matcher('**/*a*a*a*a*a*a*a*a*a*z');
    const folder = `A${'a'.repeat(39)}`;
    // As the server meets it: the setting's pattern against a file under that folder (picomatch: 12 s of CPU).
    const exclusions = new Exclusions(['**/*a*a*a*a*a*a*a*a*a*z'], ['/p']);
    const once = cpuMs(() => assert.equal(exclusions.excludes(`/p/app/code/${folder}/etc/acl.xml`), false));
    assert.ok(once < 100, `one path: ${once} ms`);
    const tenSegments = `${Array.from({ length: 10 }, () => folder).join('/')}/acl.xml`;
    assert.ok(cpuMs(() => hostile(tenSegments)) < 100, 'ten such segments');
    // The long segment last, ending in z so every middle `a` is searched for across it (and is not found),
    // enough calls that the measure is tens of milliseconds, not timer noise.
    const run = (n: number) => cpuMs(() => {
      const segment = `A${'b'.repeat(n)}z`;
      for (let i = 0; i < 2000; i++) hostile(`x/${segment}`);
    });
    run(500);
    const small = run(500);
    const large = run(2000);
    assert.ok(large / Math.max(small, 5) < 8, `segment of 500: ${small} ms, of 2,000: ${large} ms (linear: 4x)`);
  });

  it('refuses a brace set that multiplies out past the limit, and an overlong pattern, saying so', () => {
    const bomb = Array.from({ length: 10 }, () => '{a,b}').join('');
    const refused = compileGlob(bomb);
    assert.ok('refused' in refused && refused.refused.includes(String(MAX_BRACE_EXPANSIONS)));
    assert.ok('refused' in compileGlob('a'.repeat(2000)));
    const exclusions = new Exclusions([bomb, 'vendor'], ['/p']);
    assert.equal(exclusions.refused.length, 1);
    assert.match(exclusions.refused[0], /braces expand to more than 256 patterns/);
    assert.equal(exclusions.excludes('/p/vendor/x'), true, 'the other patterns still apply');
  });

  it('counts a folder named ..foo as inside the workspace folder', () => {
    const exclusions = new Exclusions(['..foo'], ['/p']);
    assert.equal(exclusions.excludes('/p/..foo/etc/acl.xml'), true);
    assert.equal(exclusions.excludes('/foo/x'), false);
  });
});
