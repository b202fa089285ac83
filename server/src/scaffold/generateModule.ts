// The pure generator: a module's inputs in, a map from module-relative path to file contents out.
import { composerPackageName } from '../magento/moduleNames';
import { AclLookup, resolveGrants } from './grants';
import { checkModuleInput, ModuleInput, ScaffoldError } from './inputs';
import {
  aclXml, composerJson, dataPatchClassName, dataPatchPhp, installDataPhp, integrationXml, legacyApiXml, legacyConfigXml, moduleXml, registrationPhp,
} from './templates';

export interface GeneratedModule {
  /** Module-relative path (forward slashes) → contents, in the order a reader would look at them. */
  files: Map<string, string>;
  /** The file to open first. */
  integrationFile: string;
  moduleName: string;
}

export function generateModule(input: ModuleInput, acl: AclLookup): GeneratedModule {
  const problem = checkModuleInput(input);
  if (problem) throw new ScaffoldError(problem);
  const { vendor, module, integration, layout } = input;
  const moduleName = `${vendor}_${module}`;
  const namespace = `${vendor}\\${module}`;
  const { listed, declared } = resolveGrants(integration.resources, moduleName, acl);
  if (layout === 'legacy' && listed.length === 0) {
    throw new ScaffoldError('The legacy layout needs at least one ACL resource: api.xml must list the resources, and Magento fails on an integration that api.xml does not name.');
  }

  const files = new Map<string, string>();
  files.set('registration.php', registrationPhp(moduleName));
  files.set('composer.json', composerJson(composerPackageName(moduleName)!, vendor, module, integration.name));
  files.set('etc/module.xml', moduleXml(moduleName, layout === 'legacy' && input.setup === 'install-data' ? '1.0.0' : undefined));
  if (declared.length > 0) files.set('etc/acl.xml', aclXml(declared));
  let integrationFile: string;
  if (layout === 'current') {
    integrationFile = 'etc/integration.xml';
    files.set(integrationFile, integrationXml(integration, listed));
  } else {
    integrationFile = 'etc/integration/config.xml';
    files.set(integrationFile, legacyConfigXml(integration));
    files.set('etc/integration/api.xml', legacyApiXml(integration.name, listed));
    if (input.setup === 'install-data') {
      files.set('Setup/InstallData.php', installDataPhp(namespace, integration.name));
    } else {
      const className = dataPatchClassName(integration.name);
      files.set(`Setup/Patch/Data/${className}.php`, dataPatchPhp(namespace, className, integration.name));
    }
  }
  return { files, integrationFile, moduleName };
}
