// What the wizard checks as the user types, and the next steps it shows: the same checks as the CLI's
// scaffold (server/src/scaffold), reached by the client only through here.
export { checkEmail, checkIntegrationName, checkModule, checkUrl, checkVendor, insecureUrlWarning, notLocalAppWarning, oneUrlOnlyWarning } from '../server/src/scaffold/inputs';
export type { Layout, SetupStyle } from './protocol';
export { NEXT_STEPS } from '../server/src/scaffold/nextSteps';
