// What a scaffold needs, and the checks each value must pass before anything is generated. The wizard
// runs the same checks as you type; the CLI runs them once.
import { isValidReferencedId } from '../magento/aclIds';
import { isPlainHttpToRemoteHost, isThisMachine } from '../magento/urls';
import { isXsdAnyUri, isXsdEmail } from '../magento/xsdValues';

import type { IntegrationInput, Layout, ModuleInput, SetupStyle } from '../../../shared/protocol';

// The shapes are the protocol's (shared/protocol.ts): the wizard sends them.
export type { IntegrationInput, Layout, ModuleInput, SetupStyle };

/** A refusal: nothing was generated or written. */
export class ScaffoldError extends Error {}

// module.xsd's name pattern, split at the underscore.
const VENDOR = /^[A-Z]+[A-Za-z0-9]+$/;
const MODULE = /^[A-Z]+[A-Z0-9a-z]+$/;
const MAX_COLUMN = 255; // integration.name, email, endpoint and identity_link_url are varchar(255)

/** C0 and C1 control characters (NUL, ESC, line breaks…): XML 1.0 cannot carry most of them, and none belongs in these values. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Folder names Windows reserves for devices: a module folder cannot be called so there. */
const WINDOWS_RESERVED = /^(?:CON|PRN|AUX|NUL|COM[0-9\u00b9\u00b2\u00b3]|LPT[0-9\u00b9\u00b2\u00b3])$/i;

function controlCharacter(value: string, what: string): string | undefined {
  const found = CONTROL.exec(value);
  if (!found) return undefined;
  const code = found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `The ${what} contains a control character (U+${code}) at position ${found.index + 1}: remove it.`;
}

function checkNamePart(value: string, what: 'vendor' | 'module', pattern: RegExp, example: string): string | undefined {
  if (value === '') return `Enter a ${what} name, e.g. ${example}.`;
  const control = controlCharacter(value, `${what} name`);
  if (control) return control;
  if (WINDOWS_RESERVED.test(value)) return `"${value}" is a device name Windows reserves: no folder can be called so there. Choose another ${what} name.`;
  if (/[\\/]|\.\./.test(value)) return `A ${what} name cannot contain path separators or "..".`;
  if (/\s/.test(value)) return `A ${what} name cannot contain whitespace.`;
  if (!pattern.test(value)) {
    return `"${value}" is not a valid ${what} name: it must start with an uppercase letter, followed by at least one more letter or digit (module.xsd allows nothing else).`;
  }
  return undefined;
}

export const checkVendor = (value: string) => checkNamePart(value, 'vendor', VENDOR, 'Acme');
export const checkModule = (value: string) => checkNamePart(value, 'module', MODULE, 'ErpConnector');

export function checkIntegrationName(value: string): string | undefined {
  if (value.length < 2) return 'An integration name has at least 2 characters (integration.xsd).';
  if (value.length > MAX_COLUMN) return `An integration name has at most ${MAX_COLUMN} characters (Magento's database column).`;
  if (value !== value.trim()) return 'Remove the leading or trailing spaces: Magento matches integration names exactly.';
  const control = controlCharacter(value, 'integration name');
  if (control) return control;
  return undefined;
}

export function checkEmail(value: string): string | undefined {
  if (value === '') return 'Enter the contact email shown in the Magento admin.';
  const control = controlCharacter(value, 'email');
  if (control) return control;
  if (value.length > MAX_COLUMN) return `An email has at most ${MAX_COLUMN} characters.`;
  if (/\s/.test(value) || !isXsdEmail(value)) return `"${value}" is not an email Magento accepts (pattern [^@]+@[^.]+\\..+, no whitespace).`;
  return undefined;
}

/** An optional URL: empty is fine; otherwise an absolute http(s) URL the XSD accepts. */
export function checkUrl(value: string | undefined, label: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const control = controlCharacter(value, label);
  if (control) return control;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `The ${label} must be an absolute http(s) URL, e.g. https://app.example.com/magento/callback.`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `The ${label} must use http or https, not ${url.protocol.slice(0, -1)}.`;
  if (value.length > MAX_COLUMN) return `The ${label} has at most ${MAX_COLUMN} characters (Magento's database column).`;
  if (/\s/.test(value) || !isXsdAnyUri(value)) return `The ${label} is not a valid URI: encode spaces and special characters.`;
  return undefined;
}

export function checkResourceId(id: string): string | undefined {
  return controlCharacter(id, 'ACL id') ?? (isValidReferencedId(id) ? undefined : `"${id}" is not an ACL id (Vendor_Module::resource).`);
}

/** Things that are allowed but probably not meant: shown as warnings, never refused. */
export function urlWarnings(endpointUrl: string | undefined, identityLinkUrl: string | undefined): string[] {
  return [oneUrlOnlyWarning(endpointUrl, identityLinkUrl), insecureUrlWarning(endpointUrl, 'endpoint'), insecureUrlWarning(identityLinkUrl, 'identity')]
    .filter((w): w is string => !!w);
}

export function oneUrlOnlyWarning(endpointUrl: string | undefined, identityLinkUrl: string | undefined): string | undefined {
  return !!endpointUrl !== !!identityLinkUrl
    ? 'Only one of the endpoint URL and the identity link URL is set: Magento then skips the OAuth exchange, and the admin activates the integration without calling your app.'
    : undefined;
}

const EXPOSED = { endpoint: ['endpoint URL', 'the consumer secret and the verifier'], identity: ['identity link URL', "the merchant's login to your app"] } as const;

/** Plain http to anything but this machine. */
export function insecureUrlWarning(value: string | undefined, which: keyof typeof EXPOSED): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (!isPlainHttpToRemoteHost(url)) return undefined;
    const [label, what] = EXPOSED[which];
    return `The ${label} uses plain http for ${url.hostname}: ${what} would cross the network unencrypted.`;
  } catch {
    return undefined; // checkUrl reports it.
  }
}

/** The first problem with an integration's values, or undefined. */
export function checkIntegration(input: IntegrationInput): string | undefined {
  return checkIntegrationName(input.name)
    ?? checkEmail(input.email)
    ?? checkUrl(input.endpointUrl, 'endpoint URL')
    ?? checkUrl(input.identityLinkUrl, 'identity link URL')
    ?? input.resources.map(checkResourceId).find(Boolean);
}

export function checkModuleInput(input: ModuleInput): string | undefined {
  return checkVendor(input.vendor) ?? checkModule(input.module) ?? checkIntegration(input.integration);
}

/** The simulated store posts a test consumer's credentials to the app: say so when the app is not on this machine. */
export function notLocalAppWarning(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (isThisMachine(url)) return undefined;
    return `${url.host} is not this machine: the simulated store would post test credentials to it. Point at your app running locally (e.g. http://127.0.0.1:8000/…) unless ${url.hostname} is your development server.`;
  } catch {
    return undefined;
  }
}
