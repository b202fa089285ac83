// The text of each generated file, in Magento's own style (4-space indents, the XSD URN on every XML root).
// Every value is escaped for the language it lands in.
import { SCHEMA_LOCATIONS } from '../magento/integrationSchema';
import { phpString, xml } from '../magento/escape';
import { titleFor } from './grants';
import { IntegrationInput } from './inputs';

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const root = (element: string, urn: string | undefined, body: string) =>
  `<?xml version="1.0"?>\n<${element} ${XSI} xsi:noNamespaceSchemaLocation="${urn}">\n${body}</${element}>\n`;
const indent = (level: number) => '    '.repeat(level);

export function registrationPhp(moduleName: string): string {
  return `<?php
declare(strict_types=1);

use Magento\\Framework\\Component\\ComponentRegistrar;

ComponentRegistrar::register(ComponentRegistrar::MODULE, '${phpString(moduleName)}', __DIR__);
`;
}

export function composerJson(packageName: string, vendor: string, module: string, integrationName: string): string {
  const json = {
    name: packageName,
    description: `Magento integration "${integrationName}" (${vendor}_${module}).`,
    type: 'magento2-module',
    license: 'proprietary',
    require: { 'magento/framework': '^103.0', 'magento/module-integration': '^100.4' },
    autoload: { files: ['registration.php'], 'psr-4': { [`${vendor}\\${module}\\`]: '' } },
  };
  return `${JSON.stringify(json, null, 4)}\n`;
}

export function moduleXml(moduleName: string, setupVersion?: string): string {
  const version = setupVersion ? ` setup_version="${setupVersion}"` : '';
  return root('config', SCHEMA_LOCATIONS.module,
    `${indent(1)}<module name="${xml(moduleName)}"${version}>\n${indent(2)}<sequence>\n${indent(3)}<module name="Magento_Integration"/>\n${indent(2)}</sequence>\n${indent(1)}</module>\n`);
}

export function resourceLines(ids: readonly string[], level: number): string {
  return ids.map((id) => `${indent(level)}<resource name="${xml(id)}"/>\n`).join('');
}

/** One `<integration>` of etc/integration.xml, indented for its place under `<config>`. */
export function currentIntegrationBlock(integration: IntegrationInput, listed: readonly string[]): string {
  let body = urlElements(integration, 2);
  if (listed.length > 0) body += `${indent(2)}<resources>\n${resourceLines(listed, 3)}${indent(2)}</resources>\n`;
  return `${indent(1)}<integration name="${xml(integration.name)}">\n${body}${indent(1)}</integration>\n`;
}

export function integrationXml(integration: IntegrationInput, listed: readonly string[]): string {
  return root('config', SCHEMA_LOCATIONS.integration, currentIntegrationBlock(integration, listed));
}

/** One `<integration>` of the legacy config.xml: email and URLs, in the order config.xsd demands. */
export function legacyConfigBlock(integration: IntegrationInput): string {
  return `${indent(1)}<integration name="${xml(integration.name)}">\n${urlElements(integration, 2)}${indent(1)}</integration>\n`;
}

export function legacyConfigXml(integration: IntegrationInput): string {
  return root('integrations', SCHEMA_LOCATIONS['integration-config'], legacyConfigBlock(integration));
}

export function legacyApiBlock(name: string, listed: readonly string[]): string {
  return `${indent(1)}<integration name="${xml(name)}">\n${indent(2)}<resources>\n${resourceLines(listed, 3)}${indent(2)}</resources>\n${indent(1)}</integration>\n`;
}

export function legacyApiXml(name: string, listed: readonly string[]): string {
  return root('integrations', SCHEMA_LOCATIONS['integration-api'], legacyApiBlock(name, listed));
}

/** The module's own resources, under Magento's root so the admin and integrations see them. */
export function aclXml(declared: readonly string[]): string {
  const resources = declared.map((id) => `${indent(4)}<resource id="${xml(id)}" title="${xml(titleFor(id))}"/>\n`).join('');
  return root('config', SCHEMA_LOCATIONS.acl,
    `${indent(1)}<acl>\n${indent(2)}<resources>\n${indent(3)}<resource id="Magento_Backend::admin">\n${resources}${indent(3)}</resource>\n${indent(2)}</resources>\n${indent(1)}</acl>\n`);
}

function urlElements(integration: IntegrationInput, level: number): string {
  let body = `${indent(level)}<email>${xml(integration.email)}</email>\n`;
  if (integration.endpointUrl) body += `${indent(level)}<endpoint_url>${xml(integration.endpointUrl)}</endpoint_url>\n`;
  if (integration.identityLinkUrl) body += `${indent(level)}<identity_link_url>${xml(integration.identityLinkUrl)}</identity_link_url>\n`;
  return body;
}

/** `Setup/Patch/Data/Create…Integration.php`: the modern way to run processIntegrationConfig once. */
export function dataPatchPhp(namespace: string, className: string, integrationName: string): string {
  return `<?php
declare(strict_types=1);

namespace ${namespace}\\Setup\\Patch\\Data;

use Magento\\Framework\\Setup\\Patch\\DataPatchInterface;
use Magento\\Integration\\Model\\ConfigBasedIntegrationManager;

/**
 * Creates the integration configured in etc/integration/config.xml. Magento applies a data patch once;
 * after changing the XML, add a new patch to apply the change.
 */
class ${className} implements DataPatchInterface
{
    /**
     * @var ConfigBasedIntegrationManager
     */
    private $integrationManager;

    /**
     * @param ConfigBasedIntegrationManager $integrationManager
     */
    public function __construct(ConfigBasedIntegrationManager $integrationManager)
    {
        $this->integrationManager = $integrationManager;
    }

    /**
     * @inheritdoc
     */
    public function apply()
    {
        $this->integrationManager->processIntegrationConfig(['${phpString(integrationName)}']);
        return $this;
    }

    /**
     * @inheritdoc
     */
    public static function getDependencies()
    {
        return [];
    }

    /**
     * @inheritdoc
     */
    public function getAliases()
    {
        return [];
    }
}
`;
}

/** `Setup/InstallData.php` as in Adobe's integration guide; it runs only when the module is first installed. */
export function installDataPhp(namespace: string, integrationName: string): string {
  return `<?php
namespace ${namespace}\\Setup;

use Magento\\Framework\\Setup\\ModuleContextInterface;
use Magento\\Framework\\Setup\\ModuleDataSetupInterface;
use Magento\\Integration\\Model\\ConfigBasedIntegrationManager;
use Magento\\Framework\\Setup\\InstallDataInterface;

class InstallData implements InstallDataInterface
{
    /**
     * @var ConfigBasedIntegrationManager
     */
    private $integrationManager;

    /**
     * @param ConfigBasedIntegrationManager $integrationManager
     */
    public function __construct(ConfigBasedIntegrationManager $integrationManager)
    {
        $this->integrationManager = $integrationManager;
    }

    /**
     * {@inheritdoc}
     */
    public function install(ModuleDataSetupInterface $setup, ModuleContextInterface $context)
    {
        $this->integrationManager->processIntegrationConfig(['${phpString(integrationName)}']);
    }
}
`;
}

/** `Acme ERP sync` → `CreateAcmeERPSyncIntegration`: a valid PHP class name whatever the integration is called. */
export function dataPatchClassName(integrationName: string): string {
  const words = integrationName.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1));
  return `Create${words.join('').slice(0, 60)}Integration`;
}
