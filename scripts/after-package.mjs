// Checks the built .vsix: only what belongs in it, and under 1 MB. Fails `npm run package` otherwise.
import { statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const VSIX = 'magento-integration-kit.vsix';
/** The Marketplace page's screenshots ship inside its readme (they show offline and before the repository is public). */
const LIMIT = 1536 * 1024;
const ALLOWED = [
  /^dist\/(extension|server|main|cli|webview\/tester)\.js$/,
  /^(package\.json|README\.md|CHANGELOG\.md|LICENSE)$/,
  /^assets\/(icon\.png|walkthrough\/)/,
  /^(snippets|syntaxes)\//,
  /^docs\/diagnostics\/.*\.md$/,
];

const size = statSync(VSIX).size;
// `vsce ls` lists exactly what `vsce package` puts in: package.json's "files" (shared with the npm package).
const entries = execFileSync('npx', ['vsce', 'ls', '--no-dependencies'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const unexpected = entries.filter((entry) => !ALLOWED.some((pattern) => pattern.test(entry)));
if (unexpected.length > 0) {
  console.error(`${VSIX} holds files that do not belong in it:\n  ${unexpected.join('\n  ')}`);
  process.exit(1);
}
// The Marketplace shows the packaged readme: the user-first one, not the repository's build commands.
const readme = execFileSync('unzip', ['-p', VSIX, 'extension/readme.md'], { encoding: 'utf8' });
if (!readme.startsWith('# Magento Integration Kit\n\nFor PHP developers') || readme.includes('npm install && npm start')) {
  console.error(`${VSIX}'s readme is not README.marketplace.md (vsce package --readme-path).`);
  process.exit(1);
}
// Its images are embedded (data: PNGs): VS Code's extension page shows only https: and data: images.
const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]{0,40})/g)].map((m) => m[1]);
const external = images.filter((image) => !image.startsWith('data:image/png;base64,'));
if (images.length === 0 || external.length > 0) {
  console.error(`${VSIX}'s readme shows images that are not embedded: ${external.join(', ') || '(none found)'}`);
  process.exit(1);
}
if (size >= LIMIT) {
  console.error(`${VSIX} is ${(size / 1024).toFixed(0)} KB; it must stay under 1.5 MB.`);
  process.exit(1);
}
console.log(`${VSIX}: ${(size / 1024).toFixed(0)} KB, ${entries.length} files: ${entries.join(', ')}`);
console.log(`Install it with: code --install-extension ${VSIX}`);
