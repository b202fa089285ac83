// Stable diagnostic codes (docs: design, "Diagnostic codes"). Users and tests rely on them.
export const DiagnosticCode = {
  malformedXml: 'xml/malformed',
  invalidAclId: 'acl/invalid-id',
  unknownResource: 'acl/unknown-resource',
  missingParent: 'acl/missing-parent',
  duplicateResource: 'acl/duplicate-resource',
  missingTitle: 'acl/missing-title',
} as const;

export const DIAGNOSTIC_SOURCE = 'magento';
