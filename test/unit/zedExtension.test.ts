// The Zed extension (editors/zed): its manifest as Zed reads it (schema_version 1, the fields the extension
// registry requires, the package's version and licence), its language server wired to the XML and PHP languages
// that Zed's XML and PHP extensions define, each with a grammar its extension declares, and the Rust crate
// set up as a Zed extension (a cdylib on zed_extension_api). The package test starts the server as lib.rs does.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'smol-toml';
import packageJson from '../../package.json';

const ROOT = path.resolve(__dirname, '../..');
const ZED = path.join(ROOT, 'editors/zed');
const LANGUAGES = path.resolve(__dirname, '../fixtures/zed');
const toml = (file: string) => parse(readFileSync(file, 'utf8')) as Record<string, any>;

describe('the Zed extension', () => {
  const manifest = toml(path.join(ZED, 'extension.toml'));

  it('has the manifest Zed\'s extension registry takes, at the package\'s version and licence', () => {
    for (const field of ['id', 'name', 'version', 'schema_version', 'authors', 'description', 'repository', 'license']) assert.ok(manifest[field] !== undefined, field);
    assert.equal(manifest.schema_version, 1);
    assert.match(manifest.id, /^[a-z0-9-]+$/);
    assert.equal(manifest.version, packageJson.version);
    assert.equal(manifest.license, packageJson.license);
    assert.equal(manifest.repository, packageJson.repository.url.replace(/^git\+/, '').replace(/\.git$/, ''));
    assert.ok(Array.isArray(manifest.authors) && manifest.authors.length > 0);
  });

  it('wires its language server to the XML and PHP languages Zed\'s extensions define, each with a grammar they declare', () => {
    const servers = Object.entries(manifest.language_servers as Record<string, { name: string; languages: string[]; language_ids: Record<string, string> }>);
    assert.deepEqual(servers.map(([id]) => id), ['magento-integration-kit']);
    const [, server] = servers[0];
    assert.deepEqual(server.languages, ['XML', 'PHP']);
    const defined = new Map<string, { grammar: string; declared: string[] }>();
    for (const extension of ['xml', 'php']) {
      const config = toml(path.join(LANGUAGES, extension, 'languages', extension, 'config.toml'));
      const declared = Object.keys(toml(path.join(LANGUAGES, extension, 'extension.toml')).grammars ?? {});
      defined.set(config.name, { grammar: config.grammar, declared });
    }
    for (const language of server.languages) {
      const found = defined.get(language);
      assert.ok(found, `${language} is a language Zed's extensions define (${[...defined.keys()].join(', ')})`);
      assert.ok(found.declared.includes(found.grammar), `${language}'s grammar "${found.grammar}" is declared by its extension`);
    }
    // The LSP language ids the server is sent: what its other clients send for these files.
    assert.deepEqual(server.language_ids, { XML: 'xml', PHP: 'php' });
  });

  it('is a Rust cdylib on zed_extension_api whose lib.rs registers the extension and reads the server\'s settings section', () => {
    const cargo = toml(path.join(ZED, 'Cargo.toml'));
    assert.deepEqual(cargo.lib['crate-type'], ['cdylib']);
    assert.match(String(cargo.dependencies.zed_extension_api), /^\d+\.\d+\.\d+$/);
    assert.equal(cargo.package.version, packageJson.version);
    const lib = readFileSync(path.join(ZED, cargo.lib.path), 'utf8');
    assert.match(lib, /zed::register_extension!\(MagentoIntegrationKit\);/);
    assert.match(lib, /fn language_server_command\(/);
    // The section the language server asks for with workspace/configuration (server/src/lsp/settings.ts).
    assert.match(lib, /const SETTINGS_SECTION: &str = "magentoIntegrationKit";/);
    assert.match(readFileSync(path.join(ROOT, 'server/src/lsp/settings.ts'), 'utf8'), /this\.pull\('magentoIntegrationKit'\)/);
  });
});
