// Builds the Zed extension (editors/zed) as Zed does for a dev extension: the Rust crate compiled to WebAssembly
// (wasm32-wasip2) with cargo. Needs Rust with that target (`rustup target add wasm32-wasip2`) and crates.io for
// zed_extension_api. In Zed, "zed: install dev extension" on editors/zed builds and loads it the same way.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const crate = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'editors', 'zed');
const targets = spawnSync('rustup', ['target', 'list', '--installed'], { encoding: 'utf8' });
if (targets.status !== 0 || !targets.stdout.split('\n').includes('wasm32-wasip2')) {
  console.error('zed-extension: the wasm32-wasip2 Rust target is missing: run `rustup target add wasm32-wasip2` (or use Zed\'s "zed: install dev extension", which builds it).');
  process.exit(2);
}
const built = spawnSync('cargo', ['build', '--release', '--target', 'wasm32-wasip2', '--manifest-path', path.join(crate, 'Cargo.toml')], { stdio: 'inherit' });
process.exit(built.status ?? 1);
