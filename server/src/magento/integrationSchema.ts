// What Magento's XSDs allow where, and what Magento does with each element: the source for
// schema-driven completion and element hovers in integration files.
import { MagentoFileKind } from './fileKinds';

export const SCHEMA_LOCATIONS: Partial<Record<MagentoFileKind, string>> = {
  integration: 'urn:magento:module:Magento_Integration:etc/integration/integration.xsd',
  'integration-config': 'urn:magento:module:Magento_Integration:etc/integration/config.xsd',
  'integration-api': 'urn:magento:module:Magento_Integration:etc/integration/api.xsd',
  acl: 'urn:magento:framework:Acl/etc/acl.xsd',
  module: 'urn:magento:framework:Module/etc/module.xsd',
  webapi: 'urn:magento:module:Magento_Webapi:etc/webapi.xsd',
  system: 'urn:magento:module:Magento_Config:etc/system_file.xsd',
  menu: 'urn:magento:module:Magento_Backend:etc/menu.xsd',
};

export interface ElementRule {
  /** Children in the order the XSD wants (or any order, `ordered: false`), each at most once unless `repeats`. */
  children: Array<{ name: string; repeats?: boolean; required?: boolean }>;
  ordered: boolean;
  attributes: string[];
}

type IntegrationKind = 'integration' | 'integration-config' | 'integration-api';

export const INTEGRATION_SCHEMAS: Record<IntegrationKind, Record<string, ElementRule>> = {
  integration: {
    config: { children: [{ name: 'integration', repeats: true, required: true }], ordered: true, attributes: [] },
    integration: {
      children: [{ name: 'email', required: true }, { name: 'endpoint_url' }, { name: 'identity_link_url' }, { name: 'resources' }],
      ordered: false,
      attributes: ['name'],
    },
    resources: { children: [{ name: 'resource', repeats: true, required: true }], ordered: true, attributes: [] },
    resource: { children: [], ordered: true, attributes: ['name'] },
  },
  'integration-config': {
    integrations: { children: [{ name: 'integration', repeats: true, required: true }], ordered: true, attributes: [] },
    integration: { children: [{ name: 'email', required: true }, { name: 'endpoint_url' }, { name: 'identity_link_url' }], ordered: true, attributes: ['name'] },
  },
  'integration-api': {
    integrations: { children: [{ name: 'integration', repeats: true, required: true }], ordered: true, attributes: [] },
    integration: { children: [{ name: 'resources', required: true }], ordered: true, attributes: ['name'] },
    resources: { children: [{ name: 'resource', repeats: true, required: true }], ordered: true, attributes: [] },
    resource: { children: [], ordered: true, attributes: ['name'] },
  },
};

/** What Magento does with each element, for hovers. */
export const ELEMENT_DOCS: Record<string, string> = {
  integration:
    'One integration. Magento creates or updates it by **name** on `bin/magento setup:upgrade`; the admin activates it under System > Extensions > Integrations. A change to a config-created integration resets it, and the admin must activate it again.',
  email: 'The contact address shown in the admin. Required; Magento checks it against `[^@]+@[^.]+\\..+` (in developer mode).',
  endpoint_url:
    'On **Activate**, Magento POSTs four form fields here: `oauth_consumer_key`, `oauth_consumer_secret`, `store_base_url` and `oauth_verifier`. It waits at most **5 s**, follows **no redirect**, and ignores the reply\'s status. Your app must then call `/oauth/token/request` within **300 s**. Without `identity_link_url` too, no exchange happens at all.',
  identity_link_url:
    'The admin\'s popup opens this page with `?oauth_consumer_key=…&success_call_back=…`. Your page logs the merchant in to your app and finishes by redirecting to `success_call_back` (or closing itself). Without `endpoint_url` too, no exchange happens at all.',
  resources:
    'The ACL resources granted to the integration. In `etc/integration.xml` Magento adds each resource\'s parents itself and silently drops unknown ids; in the legacy `api.xml` it grants exactly what is listed.',
  resource: 'One ACL resource granted to the integration, by id (`Vendor_Module::resource`).',
  config: 'The root of `etc/integration.xml`: one or more `<integration>` elements.',
  integrations: 'The root of the legacy `etc/integration/config.xml` or `api.xml`: one or more `<integration>` elements.',
};
