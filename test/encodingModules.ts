// Two modules whose acl.xml tests the reading of bytes as Magento's parser reads them: one UTF-16 LE with a
// BOM (the real store reads it and grants its id), one declared UTF-8 holding the bytes 0xE9 0x20 0xFF (the
// real store's setup:upgrade exits 1: "Input is not proper UTF-8, indicate encoding ! Bytes: 0xE9 0x20 0xFF
// 0x22, Line: 6"). Each has an integration.xml granting the module's one id.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const acl = (encoding: string, name: string, title: string) => `<?xml version="1.0" encoding="${encoding}"?>
<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:Acl/etc/acl.xsd">
  <acl>
    <resources>
      <resource id="Magento_Backend::admin">
        <resource id="${name}::read" title="Read ${title}"/>
      </resource>
    </resources>
  </acl>
</config>
`;

function module(appCode: string, name: string, aclBytes: Buffer): string {
  const [vendor, moduleName] = name.split('_');
  const dir = path.join(appCode, vendor, moduleName);
  mkdirSync(path.join(dir, 'etc'), { recursive: true });
  writeFileSync(path.join(dir, 'registration.php'), `<?php\n\\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, '${name}', __DIR__);\n`);
  writeFileSync(path.join(dir, 'etc/module.xml'), `<?xml version="1.0"?>\n<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:Module/etc/module.xsd">\n  <module name="${name}">\n    <sequence>\n      <module name="Magento_Integration"/>\n    </sequence>\n  </module>\n</config>\n`);
  writeFileSync(path.join(dir, 'etc/integration.xml'), `<?xml version="1.0"?>\n<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Integration:etc/integration/integration.xsd">\n  <integration name="${name}Int">\n    <email>dev@mik.example</email>\n    <resources>\n      <resource name="${name}::read"/>\n    </resources>\n  </integration>\n</config>\n`);
  writeFileSync(path.join(dir, 'etc/acl.xml'), aclBytes);
  return dir;
}

/** Writes both modules under `appCode` (…/app/code); returns their folders. */
export function writeEncodingModules(appCode: string, suffix = ''): { wide: { name: string; dir: string }; bad: { name: string; dir: string } } {
  const wideName = `Mikenc_Wide${suffix}`;
  const badName = `Mikenc_Bad${suffix}`;
  const wideBytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(acl('UTF-16', wideName, 'caf\u00e9'), 'utf16le')]);
  const badBytes = Buffer.from(acl('UTF-8', badName, 'TITLE'), 'utf8');
  const at = badBytes.indexOf('TITLE');
  const broken = Buffer.concat([badBytes.subarray(0, at), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xff]), badBytes.subarray(at + 5)]);
  return { wide: { name: wideName, dir: module(appCode, wideName, wideBytes) }, bad: { name: badName, dir: module(appCode, badName, broken) } };
}
