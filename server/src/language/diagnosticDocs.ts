// Each diagnostic links to the page that explains its code (docs/diagnostics/<code>.md in the repository):
// what Magento does, an example, the fix.
import { Diagnostic } from 'vscode-languageserver-types';

export const DIAGNOSTIC_DOCS_BASE = 'https://github.com/magento-integration-kit/magento-integration-kit/blob/main/docs/diagnostics';

export function diagnosticDocUrl(code: string): string {
  return `${DIAGNOSTIC_DOCS_BASE}/${code}.md`;
}

export function withDescription(diagnostic: Diagnostic): Diagnostic {
  if (typeof diagnostic.code !== 'string' || diagnostic.codeDescription) return diagnostic;
  return { ...diagnostic, codeDescription: { href: diagnosticDocUrl(diagnostic.code) } };
}

/**
 * Each code's one-line summary: the first paragraph of its docs page (a test keeps the two the same), for
 * reports that list the rules, such as the CLI's SARIF.
 */
export const DIAGNOSTIC_SUMMARIES: Readonly<Record<string, string>> = {
  'acl/disabled-resource': 'A reference to a resource that acl.xml switches off.',
  'acl/duplicate-resource': 'The same id twice in one integration, or declared twice in one acl.xml.',
  'acl/invalid-id': 'An ACL id is not of the form `Vendor_Module::name`.',
  'acl/missing-parent': 'A legacy `etc/integration/api.xml` grants a resource without its ancestors.',
  'acl/missing-title': 'A resource has no title after every acl.xml is merged, or a title outside 3 to 50 characters.',
  'acl/unknown-resource': 'No acl.xml declares the id.',
  'composer/autoload-mismatch': 'composer.json does not autoload the module as Magento needs.',
  'composer/invalid-json': 'composer.json does not parse.',
  'composer/invalid-name': 'The package name is not lowercase `vendor/package`.',
  'composer/invalid-type': 'A module\'s composer.json `type` is not `magento2-module`.',
  'file/more-problems': 'A file has more than 500 problems.',
  'file/too-large': 'The file is longer than the editor analyses as you type.',
  'integration/duplicate-element': 'An element that may appear once appears twice.',
  'integration/duplicate-name': 'The same integration is configured twice.',
  'integration/element-order': 'The legacy `config.xml` wants `email`, `endpoint_url`, `identity_link_url` in that order.',
  'integration/exchange-needs-both-urls': 'Only one of `endpoint_url` and `identity_link_url` is set.',
  'integration/full-access': 'An integration grants `Magento_Backend::all`: one a vendor ships (a module under `vendor/`), one of your own modules (under `app/code`), or a module repository opened alone. Granting everything is sometimes a decision; set the code to `off` (or `information`) in `magentoIntegrationKit.diagnostics.severity` where it is yours.',
  'integration/insecure-url': '`http://` to a host other than this machine.',
  'integration/invalid-email': 'The email does not match `[^@]+@[^.]+\\..+`.',
  'integration/invalid-name': 'An integration name shorter than 2 characters.',
  'integration/invalid-url': 'A URL is not one Magento can use.',
  'integration/legacy-format': 'A hint on the legacy `config.xml` + `api.xml` pair.',
  'integration/missing-element': 'A required element is absent: `<email>`, `<integration>`, `<resources>` in api.xml, `<resource>` in `<resources>`.',
  'integration/missing-name': 'An `<integration>` has no `name`.',
  'integration/name-mismatch': 'The legacy pair\'s names do not meet.',
  'integration/not-installed': 'No setup code of the module passes the legacy integration\'s name to `processIntegrationConfig()`.',
  'integration/resources-not-allowed': '`<resources>` in a legacy `etc/integration/config.xml`.',
  'integration/unused-grant': 'An integration grants a resource of its own module (under `app/code`, with an `etc/webapi.xml`) that no REST route of the workspace names and no file of the module uses. Information only; resources with children, ids of other, vendor and core modules, and modules without routes yet are never reported.',
  'integration/reset-on-upgrade': 'A warning from `magento-integration-kit lint --base REF` (and, in the editor, against the last commit), on an `etc/integration.xml` integration whose resources, email or URLs changed since REF.',
  'integration/change-not-applied': 'A warning from `magento-integration-kit lint --base REF` (and, in the editor, against the last commit), on a legacy `config.xml` + `api.xml` integration whose resources, email or URLs changed since REF.',
  'integration/setup-name-case': 'An integration\'s name is spelled with different case in one of its three places (the legacy `config.xml`, `api.xml`, the setup code\'s `processIntegrationConfig()` call) while the other two agree.',
  'integration/unknown-element': 'An element, attribute or text the XSD does not allow where it is.',
  'module/sequence-cycle': 'A module\'s `<sequence>` comes back to it (A after B, B after A, or a module after itself).',
  'module/duplicate-entry': 'A module name or a sequence entry twice, or two `<sequence>`.',
  'module/invalid-name': 'A module name is not `Vendor_Module`.',
  'module/invalid-version': '`setup_version` is not `[0-9.]+`.',
  'module/missing-element': 'etc/module.xml has no `<module>` with a name.',
  'module/missing-integration-sequence': 'A module that configures an integration has no `<sequence>` on `Magento_Integration`.',
  'module/name-mismatch': 'module.xml, registration.php and the app/code folder disagree on the module\'s name.',
  'module/unknown-element': 'etc/module.xml holds an element or attribute `module.xsd` does not allow.',
  'xml/malformed': 'The file is not well-formed XML.',
  'xml/schema-location': 'The root element\'s `xsi:noNamespaceSchemaLocation` names another file\'s schema, or one Magento does not have.',
};
