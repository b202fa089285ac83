// Stable diagnostic codes (docs: design, "Diagnostic codes"). Users and tests rely on them.
export const DiagnosticCode = {
  malformedXml: 'xml/malformed',
  invalidAclId: 'acl/invalid-id',
  unknownResource: 'acl/unknown-resource',
  missingParent: 'acl/missing-parent',
  duplicateResource: 'acl/duplicate-resource',
  missingTitle: 'acl/missing-title',
  /** Not in the design's table: a reference to a resource Magento drops (`disabled="true"`, or under one). */
  disabledResource: 'acl/disabled-resource',
  missingName: 'integration/missing-name',
  invalidName: 'integration/invalid-name',
  invalidEmail: 'integration/invalid-email',
  invalidUrl: 'integration/invalid-url',
  insecureUrl: 'integration/insecure-url',
  unknownElement: 'integration/unknown-element',
  duplicateElement: 'integration/duplicate-element',
  elementOrder: 'integration/element-order',
  /** Not in the design's table: a required element is absent (email, resources, resource, integration). */
  missingElement: 'integration/missing-element',
  resourcesNotAllowed: 'integration/resources-not-allowed',
  exchangeNeedsBothUrls: 'integration/exchange-needs-both-urls',
  nameMismatch: 'integration/name-mismatch',
  /** Not in the design's table: the same integration name configured in two files of the workspace. */
  duplicateName: 'integration/duplicate-name',
  notInstalled: 'integration/not-installed',
  setupNameCase: 'integration/setup-name-case',
  legacyFormat: 'integration/legacy-format',
  /** Not in the design's table: an integration shipped under vendor/ that asks for every resource. */
  fullAccess: 'integration/full-access',
  /** Not in the design's table: a granted id of the project's own modules that no route names and no file of its module uses. */
  unusedGrant: 'integration/unused-grant',
  /** Not in the design's table (lint --base): a change since the base that the next setup:upgrade turns into a reset on every store. */
  resetOnUpgrade: 'integration/reset-on-upgrade',
  /** Not in the design's table (lint --base): a change to the legacy pair that setup:upgrade does not apply to installed stores. */
  changeNotApplied: 'integration/change-not-applied',
  /** Not in the design's table: a document too long to analyse as you type; nothing else is said of it. */
  fileTooLarge: 'file/too-large',
  /** Not in the design's table: the problems of one file past the first 500, summed up. */
  moreProblems: 'file/more-problems',
  invalidModuleName: 'module/invalid-name',
  moduleNameMismatch: 'module/name-mismatch',
  missingIntegrationSequence: 'module/missing-integration-sequence',
  /** Not in the design's table: module.xsd's structure (elements, attributes, text it does not allow). */
  moduleUnknownElement: 'module/unknown-element',
  /** Not in the design's table: module.xsd requires a `<module>` with a name. */
  moduleMissingElement: 'module/missing-element',
  /** Not in the design's table: module.xsd's unique keys (module names, sequence entries) and `<sequence>` at most once. */
  moduleDuplicateEntry: 'module/duplicate-entry',
  /** Not in the design's table: module.xml sequences that come back to the module (Magento's loader refuses them). */
  sequenceCycle: 'module/sequence-cycle',
  /** Not in the design's table: setup_version is not `[0-9.]+`. */
  moduleInvalidVersion: 'module/invalid-version',
  invalidComposerName: 'composer/invalid-name',
  composerAutoloadMismatch: 'composer/autoload-mismatch',
  /** Not in the design's table: composer.json does not parse, so Composer refuses the package. */
  composerInvalidJson: 'composer/invalid-json',
  /** Not in the design's table: the root's xsi:noNamespaceSchemaLocation names another file's schema, or none that exists. */
  schemaLocation: 'xml/schema-location',
  /** Not in the design's table: composer.json `type` is not magento2-module. */
  composerType: 'composer/invalid-type',
} as const;

export const DIAGNOSTIC_SOURCE = 'magento';
