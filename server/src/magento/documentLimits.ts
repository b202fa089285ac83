// How long a document may be for analysis, as you type and in the CLI: the workspace model and the language
// service both keep to it.
/**
 * How long a document may be for the features to analyse it. Magento's largest acl.xml, webapi.xml or
 * system.xml is a few tens of KB; a parse of 256 K characters stays well under the 100 ms a keystroke
 * may cost on a busy machine. The CLI, which answers once, allows far more.
 */
export interface DocumentLimits {
  xml: number;
  php: number;
}
export const INTERACTIVE_LIMITS: DocumentLimits = { xml: 256 * 1024, php: 512 * 1024 };
export const BATCH_LIMITS: DocumentLimits = { xml: 16 * 1024 * 1024, php: 16 * 1024 * 1024 };
