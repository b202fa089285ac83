// Thousands of open documents: each open must cost the same however many are open already (each open and
// each "is it open?" walked every open document and parsed its URI: a hover after 2,000 opens waited 4-8 s).
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { LspTestClient } from './lspClient';

/** User + system CPU of a process so far, from /proc (clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Waits until the process's background work is done: no CPU used for half a second (bounded at 60 s). */
async function settled(pid: number): Promise<void> {
  let last = processCpuMs(pid);
  for (let i = 0; i < 120; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = processCpuMs(pid);
    if (now - last <= 10) return;
    last = now;
  }
}

function moduleTree(root: string, count: number): string[] {
  const acls: string[] = [];
  for (let i = 0; i < count; i++) {
    const dir = path.join(root, 'app/code/Many', `M${i}`);
    mkdirSync(path.join(dir, 'etc'), { recursive: true });
    writeFileSync(path.join(dir, 'registration.php'), `<?php\n\\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, 'Many_M${i}', __DIR__);\n`);
    writeFileSync(path.join(dir, 'etc/module.xml'), `<?xml version="1.0"?>\n<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:Module/etc/module.xsd">\n  <module name="Many_M${i}"/>\n</config>\n`);
    const acl = path.join(dir, 'etc/acl.xml');
    writeFileSync(acl, `<?xml version="1.0"?>\n<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:Acl/etc/acl.xsd">\n  <acl>\n    <resources>\n      <resource id="Magento_Backend::admin">\n        <resource id="Many_M${i}::top" title="Many ${i}">\n          <resource id="Many_M${i}::read" title="Read ${i}"/>\n        </resource>\n      </resource>\n    </resources>\n  </acl>\n</config>\n`);
    acls.push(acl);
    writeFileSync(path.join(dir, 'etc/webapi.xml'), `<?xml version="1.0"?>\n<routes xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Webapi:etc/webapi.xsd">\n  <route url="/V1/many${i}" method="GET">\n    <service class="Many\\M${i}\\Api\\ReadInterface" method="get"/>\n    <resources>\n      <resource ref="Many_M${i}::read"/>\n    </resources>\n  </route>\n</routes>\n`);
  }
  return acls;
}

describe('language server with thousands of open documents', function () {
  this.timeout(240000);
  let root: string;
  let acls: string[];
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'mik-many-open-'));
    acls = moduleTree(root, 2000);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('opens each of 2,000 documents for the same CPU: the last 500 opens cost about what the first 500 did (was quadratic)', async () => {
    const client = await LspTestClient.start(root);
    try {
      await client.waitForIndex(60000);
      await settled(client.pid);
      const webapis = acls.map((acl) => acl.replace(/acl\.xml$/, 'webapi.xml'));
      const quarterCpu: number[] = [];
      for (let quarter = 0; quarter < 4; quarter++) {
        const started = processCpuMs(client.pid);
        const files = webapis.slice(quarter * 500, quarter * 500 + 500);
        for (const file of files) await client.open(file);
        const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI.file(files.at(-1)!).toString() }, position: { line: 5, character: 30 } });
        assert.ok(hover, 'a hover after the opens is answered');
        await settled(client.pid);
        quarterCpu.push(processCpuMs(client.pid) - started);
      }
      // /proc counts in 10 ms ticks and a quarter is ~100-200 ms here: a floor and a margin keep noise out;
      // the quadratic code measured 390, 3820, 800, 4430 ms (11x).
      const ratio = quarterCpu[3] / Math.max(quarterCpu[0], 60);
      assert.ok(ratio < 3, `server CPU per 500 opens: ${quarterCpu.join(', ')} ms (last/first ${ratio.toFixed(1)}x)`);
    } finally {
      await client.stop();
    }
  });
});
