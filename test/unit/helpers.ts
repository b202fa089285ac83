// In-memory documents with a `|` cursor marker, and an index built from acl.xml texts.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Position } from 'vscode-languageserver-types';
import { AclIndex } from '../../server/src/magento/aclIndex';
import { bundledCoreCatalog } from '../../server/src/magento/coreCatalog';
import { createLanguageService, LanguageService } from '../../server/src/language/languageService';

export function withCursor(path: string, textWithBar: string): { document: TextDocument; position: Position; offset: number } {
  const offset = textWithBar.indexOf('|');
  if (offset < 0) throw new Error('no | cursor marker');
  const text = textWithBar.slice(0, offset) + textWithBar.slice(offset + 1);
  const document = TextDocument.create(`file://${path}`, path.endsWith('.php') ? 'php' : 'xml', 1, text);
  return { document, position: document.positionAt(offset), offset };
}

export function doc(path: string, text: string): TextDocument {
  return TextDocument.create(`file://${path}`, path.endsWith('.php') ? 'php' : 'xml', 1, text);
}

export function aclXml(body: string): string {
  return `<?xml version="1.0"?>
<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:Acl/etc/acl.xsd">
    <acl>
        <resources>
${body}
        </resources>
    </acl>
</config>
`;
}

/** A small workspace: Backend core, Catalog and a custom module. */
export const CORE_ACL = aclXml(`
            <resource id="Magento_Backend::all" title="Allow everything" sortOrder="10"/>
            <resource id="Magento_Backend::admin" title="Magento Admin" sortOrder="20">
                <resource id="Magento_Backend::stores" title="Stores" sortOrder="80">
                    <resource id="Magento_Backend::stores_settings" title="Settings" sortOrder="10"/>
                </resource>
                <resource id="Magento_Backend::dashboard" title="Dashboard" sortOrder="10"/>
            </resource>`);

export const CATALOG_ACL = aclXml(`
            <resource id="Magento_Backend::admin">
                <resource id="Magento_Catalog::catalog" title="Catalog" sortOrder="30">
                    <resource id="Magento_Catalog::catalog_inventory" title="Inventory" sortOrder="10">
                        <resource id="Magento_Catalog::products" title="Products" sortOrder="10"/>
                        <resource id="Magento_Catalog::categories" title="Categories" sortOrder="20"/>
                    </resource>
                </resource>
            </resource>`);

export const ACME_ACL = aclXml(`
            <resource id="Magento_Backend::admin">
                <resource id="Acme_Sync::sync" title="Acme Sync" sortOrder="100">
                    <resource id="Acme_Sync::sync_orders" title="Order Export"/>
                </resource>
            </resource>`);

export function workspaceIndex(files: Record<string, string> = {
  '/p/vendor/magento/module-backend/etc/acl.xml': CORE_ACL,
  '/p/vendor/magento/module-catalog/etc/acl.xml': CATALOG_ACL,
  '/p/app/code/Acme/Sync/etc/acl.xml': ACME_ACL,
}): AclIndex {
  const index = new AclIndex(bundledCoreCatalog());
  for (const [path, text] of Object.entries(files)) index.setFileText(`file://${path}`, text);
  return index;
}

export function service(index = workspaceIndex(), moduleName = 'Acme_Sync'): LanguageService {
  return createLanguageService({ index, isIndexComplete: () => true, moduleNameOf: () => moduleName });
}
