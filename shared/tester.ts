// The OAuth tester's runtime, which the extension host runs (the simulated store, the callback receiver,
// the signature explainer) and the CLI runs too: the client reaches server/src/oauth only through here.
export { CallbackReceiver } from '../server/src/oauth/callbackReceiver';
export { eventTitle, GRANTED_CALLS_STEP, HANDSHAKE_STEPS, nextAction, redactEvent } from '../server/src/oauth/events';
export type { TesterEvent } from '../server/src/oauth/events';
export { authorizationFromFields, explainRequest, requestUrlProblem, signedCurl } from '../server/src/oauth/explain';
export { apiFromVerdicts, MockStore, summarizeRestCalls } from '../server/src/oauth/mockStore';
export type { MagentoVersion } from '../server/src/oauth/versions';
export { versionLabel } from '../server/src/oauth/versions';
export { readPastedRequest } from '../server/src/oauth/pastedRequest';
export type { PastedRequest } from '../server/src/oauth/pastedRequest';
export { parseFormEncoded } from '../server/src/oauth/signature';
export type { Parameter, SignatureMethod } from '../server/src/oauth/signature';
