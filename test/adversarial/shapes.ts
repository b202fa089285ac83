// Adversarial documents made on purpose (not by chance mutation): the shapes that stall naive parsers and
// regexes. `npm test` runs them at a size CI affords; `npm run fuzz` runs them larger and prints timings.

export interface Shape {
  name: string;
  /** A file path (its kind decides which features run) and the text, at size n. */
  make(n: number): { path: string; text: string };
}

const ACL = '/p/app/code/Acme/Sync/etc/acl.xml';
const INTEGRATION = '/p/app/code/Acme/Sync/etc/integration.xml';
const API = '/p/app/code/Acme/Sync/etc/integration/api.xml';
const WEBAPI = '/p/app/code/Acme/Sync/etc/webapi.xml';
const MODULE = '/p/app/code/Acme/Sync/etc/module.xml';
const PHP = '/p/app/code/Acme/Sync/Controller/Adminhtml/Index.php';

const run = (c: string, n: number) => c.repeat(Math.max(1, Math.floor(n / c.length)));

export const SHAPES: Shape[] = [
  // Long runs of one character, in the places a scanner loops.
  ...['a', '<', '"', "'", '&', ':', '=', '/', '-', ' ', '\n', '_', 'A'].map((c): Shape => ({
    name: `a run of ${JSON.stringify(c)} in an attribute value`,
    make: (n) => ({ path: INTEGRATION, text: `<config><integration name="x"><resources><resource name="${run(c, n)}` }),
  })),
  { name: 'a run of letters in a tag, unquoted', make: (n) => ({ path: INTEGRATION, text: `<config><integration name=${run('a', n)}` }) },
  { name: 'a run of capitals in an id that fails late', make: (n) => ({ path: ACL, text: `<config><acl><resources><resource id="${run('A', n)}_Sync::bad-id" title="T"/></resources></acl></config>` }) },
  { name: 'an id-like value without "::"', make: (n) => ({ path: WEBAPI, text: `<routes><route url="/V1/x" method="GET"><resources><resource ref="${run('Magento_', n)}"/></resources></route></routes>` }) },
  // Unclosed and unterminated constructs.
  { name: 'many "<name" and no ">"', make: (n) => ({ path: ACL, text: `<config><acl><resources>${run('<resource', n)}` }) },
  { name: 'many unclosed start tags with attributes', make: (n) => ({ path: ACL, text: `<config><acl><resources>${run('<resource id="Acme_Sync::x" title="Ti"', n)}` }) },
  { name: 'an unterminated comment', make: (n) => ({ path: API, text: `<integrations><!--${run('-', n)}` }) },
  { name: 'an unterminated CDATA', make: (n) => ({ path: INTEGRATION, text: `<config><integration name="x"><email><![CDATA[${run(']', n)}` }) },
  { name: 'an unterminated processing instruction', make: (n) => ({ path: MODULE, text: `<?xml ${run('?', n)}` }) },
  { name: 'closing tags that match nothing', make: (n) => ({ path: ACL, text: `<config><acl><resources>${run('</nothing>', n)}</resources></acl></config>` }) },
  // Nesting.
  { name: 'deep nesting, closed', make: (n) => ({ path: ACL, text: `<config><acl><resources>${run('<resource id="Acme_Sync::d" title="Deep">', n / 2)}${run('</resource>', n / 4)}</resources></acl></config>` }) },
  { name: 'deep nesting, never closed', make: (n) => ({ path: INTEGRATION, text: `<config>${run('<integration>', n)}` }) },
  // Huge and numerous attributes.
  { name: 'one huge attribute', make: (n) => ({ path: ACL, text: `<config><acl><resources><resource id="Acme_Sync::x" title="${run('T', n)}"/></resources></acl></config>` }) },
  { name: 'thousands of attributes on one tag', make: (n) => ({ path: INTEGRATION, text: `<config><integration ${Array.from({ length: Math.floor(n / 8) }, (_, i) => `a${i}=""`).join(' ')}>` }) },
  { name: 'a huge entity reference run', make: (n) => ({ path: INTEGRATION, text: `<config><integration name="${run('&amp;', n)}"><email>a@b.cc</email></integration></config>` }) },
  // PHP.
  { name: 'a long PHP line of isAllowed calls', make: (n) => ({ path: PHP, text: `<?php ${run("$this->_authorization->isAllowed('Magento_Catalog::products');", n)}` }) },
  { name: 'an unterminated PHP string after ADMIN_RESOURCE', make: (n) => ({ path: PHP, text: `<?php class A { const ADMIN_RESOURCE = '${run('A', n)}` }) },
  { name: 'a PHP line of quotes', make: (n) => ({ path: PHP, text: `<?php $a = ${run('\'"', n)}` }) },
];

/** URIs that vscode-uri or our path handling may reject: every feature must still answer. */
export const ODD_URIS = ['x:////etc/acl.xml', 'file:///p/\ud800/etc/acl.xml', '-bad:/etc/acl.xml', 'file:///%00/etc/integration.xml', 'untitled:etc/acl.xml', 'file://host/share/etc/webapi.xml'];
