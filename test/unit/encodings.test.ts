// Bytes into text as libxml reads them, and invalid UTF-8 reported as Magento reports it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { decodeXmlBytes, firstInvalidUtf8 } from '../../server/src/magento/xmlEncoding';
import { cpuMs } from '../cpuTime';
import { writeEncodingModules } from '../encodingModules';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

describe('file encodings, as Magento\'s parser reads them', () => {
  it('decodes by BOM, then by the declaration, else as UTF-8', () => {
    const xml = '<?xml version="1.0"?><a t="café"/>';
    for (const [what, bytes, encoding] of [
      ['UTF-8', Buffer.from(xml, 'utf8'), 'utf-8'],
      ['UTF-8 with a BOM (dropped, as editors do)', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml, 'utf8')]), 'utf-8'],
      ['UTF-16 LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]), 'utf-16le'],
      ['UTF-16 BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(xml, 'utf16le').swap16()]), 'utf-16be'],
      ['UTF-16 LE without a BOM', Buffer.from(xml, 'utf16le'), 'utf-16le'],
    ] as Array<[string, Buffer, string]>) {
      const decoded = decodeXmlBytes(bytes);
      assert.equal(decoded.text, xml, what);
      assert.equal(decoded.encoding, encoding, what);
      assert.equal(decoded.problem, undefined, what);
    }
    const latin = decodeXmlBytes(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a t="caf\u00e9"/>', 'latin1'));
    assert.equal(latin.text, '<?xml version="1.0" encoding="ISO-8859-1"?><a t="café"/>');
    assert.equal(latin.problem, undefined, 'a declared single-byte encoding is not UTF-8');
  });

  it('names the first invalid UTF-8 byte with the four bytes libxml shows', () => {
    const bytes = Buffer.concat([Buffer.from('<a>\n<b t="caf', 'utf8'), Buffer.from([0xe9, 0x20, 0xff, 0x22]), Buffer.from('/></a>')]);
    const decoded = decodeXmlBytes(bytes);
    assert.equal(decoded.problem?.message, 'Input is not proper UTF-8, indicate encoding ! Bytes: 0xE9 0x20 0xFF 0x22');
    assert.equal(decoded.text.slice(decoded.problem!.offset, decoded.problem!.offset + 1), '\uFFFD');
    // Table: well-formed sequences and the classic ill-formed ones (RFC 3629).
    for (const [bytes, invalidAt] of [
      [[0x41, 0xc3, 0xa9], undefined], [[0xe2, 0x82, 0xac], undefined], [[0xf0, 0x9f, 0x98, 0x80], undefined],
      [[0xc0, 0xaf], 0], [[0xe0, 0x80, 0xaf], 0], [[0xed, 0xa0, 0x80], 0], [[0xf4, 0x90, 0x80, 0x80], 0], [[0x41, 0xff], 1], [[0x41, 0xe2, 0x82], 1], [[0x80], 0],
    ] as Array<[number[], number | undefined]>) assert.equal(firstInvalidUtf8(Uint8Array.from(bytes)), invalidAt, bytes.join(' '));
    const long = Buffer.from('é'.repeat(400_000));
    assert.ok(cpuMs(() => firstInvalidUtf8(long)) < 100, 'one linear pass');
  });

  it('lints a UTF-16 acl.xml clean with its ids known, and an invalid byte as Magento refuses it (line 6)', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'mik-enc-'));
    try {
      const { wide, bad } = writeEncodingModules(path.join(root, 'app/code'));
      const result = spawnSync(process.execPath, [CLI, 'lint', root, '--format', 'json'], { encoding: 'utf8', timeout: 60000 });
      const diagnostics = (JSON.parse(result.stdout) as { diagnostics: Array<{ file: string; line: number; code: string; severity: string; message: string }> }).diagnostics;
      assert.deepEqual(diagnostics.filter((d) => d.file.startsWith(wide.dir)), [], JSON.stringify(diagnostics, null, 1));
      const errors = diagnostics.filter((d) => d.severity === 'error');
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.equal(errors[0].file, path.join(bad.dir, 'etc/acl.xml'));
      assert.equal(errors[0].code, 'xml/malformed');
      assert.equal(errors[0].line, 6);
      assert.match(errors[0].message, /Input is not proper UTF-8, indicate encoding ! Bytes: 0xE9 0x20 0xFF 0x22\. Magento refuses the file/);
      assert.equal(result.status, 1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
