// The steps that describe one integration, shared by "Create Integration Module…" and "Add Integration to
// Module…". The checks are the generator's own (server/src/scaffold/inputs, through shared/inputs), run as the user types.
import type { ScaffoldContext } from '../../../shared/protocol';
import { checkEmail, checkIntegrationName, checkUrl, insecureUrlWarning, oneUrlOnlyWarning } from '../../../shared/inputs';
import { MultiStepInput, Step, Verdict } from './multiStepInput';

export interface IntegrationAnswers {
  name: string;
  email: string;
  endpointUrl: string;
  identityLinkUrl: string;
  resources: string[];
}

export function emptyIntegration(): IntegrationAnswers {
  return { name: '', email: '', endpointUrl: '', identityLinkUrl: '', resources: [] };
}

/** The name, email and URL steps, then `next`. */
export function integrationSteps(state: IntegrationAnswers, context: ScaffoldContext, next: Step): Step {
  const taken = new Set(context.integrationNames);
  const name: Step = async (flow) => {
    state.name = await flow.inputBox({
      key: 'integration', prompt: 'Integration name, as the admin will see it under System > Extensions > Integrations', placeholder: 'Acme ERP', value: state.name,
      validate: (value) => checkIntegrationName(value) ?? (taken.has(value) ? `An integration named "${value}" is already configured in this workspace; Magento merges integrations by name.` : undefined),
    });
    return email;
  };
  const email: Step = async (flow) => {
    state.email = await flow.inputBox({ key: 'email', prompt: 'Contact email shown in the admin', placeholder: 'integrations@acme.example', value: state.email, validate: checkEmail });
    return endpoint;
  };
  const endpoint: Step = async (flow) => {
    state.endpointUrl = await flow.inputBox({
      key: 'endpointUrl', prompt: 'Endpoint URL (optional): Magento POSTs the OAuth credentials here on Activate', placeholder: 'https://erp.acme.example/magento/callback', value: state.endpointUrl,
      validate: (value) => urlVerdict(checkUrl(value, 'endpoint URL'), [insecureUrlWarning(value, 'endpoint')]),
    });
    return identity;
  };
  const identity: Step = async (flow) => {
    state.identityLinkUrl = await flow.inputBox({
      key: 'identityLinkUrl', prompt: 'Identity link URL (optional): the page the admin\'s popup opens to log in to your app', placeholder: 'https://erp.acme.example/magento/login', value: state.identityLinkUrl,
      validate: (value) => urlVerdict(checkUrl(value, 'identity link URL'), [insecureUrlWarning(value, 'identity'), oneUrlOnlyWarning(state.endpointUrl || undefined, value || undefined)]),
    });
    return next;
  };
  return name;
}

function urlVerdict(problem: string | undefined, warnings: Array<string | undefined>): Verdict {
  if (problem) return problem;
  const shown = warnings.filter(Boolean);
  return shown.length > 0 ? { warning: shown.join(' ') } : undefined;
}

export function toIntegrationInput(state: IntegrationAnswers) {
  return {
    name: state.name,
    email: state.email,
    endpointUrl: state.endpointUrl || undefined,
    identityLinkUrl: state.identityLinkUrl || undefined,
    resources: state.resources,
  };
}

export type { MultiStepInput };
