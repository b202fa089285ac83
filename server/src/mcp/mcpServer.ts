// `magento-integration-kit mcp`: the integration domain for agents, as a Model Context Protocol server over
// stdio (the official SDK). Every tool answers from the same workspace model as the language server and the
// CLI, read again when the project changed on disk; results are small, structured JSON, and carry no secret.
import * as path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import packageJson from '../../../package.json';
import { lint } from '../cli/lint';
import { runScaffold } from '../cli/scaffold';
import { grantsForCalls } from '../magento/webapiRoutes';
import { QUEUED_NOTE } from '../../../shared/queuedRoutes';
import { explainRequest } from '../oauth/explain';
import { readPastedRequest } from '../oauth/pastedRequest';
import { DoctorFailure, doctorJson, runDoctor } from '../store/doctor';
import { nodeFileSystem } from '../workspace/fileSystem';
import { findMagentoRoot } from '../workspace/magentoRoot';
import { MagentoWorkspace } from '../workspace/magentoWorkspace';
import { integrationAccess } from '../workspace/routeIndex';
import { isInsideFolder } from '../workspace/insideFolder';
import { pathOfUri } from '../workspace/uris';

/** At most this many items in a list result (the total is always given). */
const MAX_ITEMS = 200;
/** A model read less than this long ago is used as it is (an agent's burst of calls reads the tree once). */
const FRESH_MS = 2000;

type ToolResult = { content: Array<{ type: 'text'; text: string }>; structuredContent?: Record<string, unknown>; isError?: boolean };
const answer = (value: Record<string, unknown>): ToolResult => ({ content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value });
const refusal = (message: string): ToolResult => ({ content: [{ type: 'text', text: message }], isError: true });

/** The project the tools answer about: read once, read again when a call comes after a quiet spell. */
class Project {
  private model?: MagentoWorkspace;
  private readAt = 0;
  constructor(readonly root: string) {}

  async workspace(): Promise<MagentoWorkspace> {
    if (!this.model || Date.now() - this.readAt > FRESH_MS) {
      const model = new MagentoWorkspace(nodeFileSystem);
      await model.index([this.root]);
      this.model = model;
      this.readAt = Date.now();
    }
    return this.model;
  }

  /** A path an agent gave, inside the project or refused. */
  inside(given: string): string | undefined {
    const resolved = path.resolve(this.root, given);
    return isInsideFolder(this.root, resolved) || resolved === this.root ? resolved : undefined;
  }
}

export function createMcpServer(root: string): McpServer {
  const project = new Project(findMagentoRoot(nodeFileSystem, root) ?? root);
  const server = new McpServer({ name: 'magento-integration-kit', version: packageJson.version }, {
    instructions: 'Magento 2 / Adobe Commerce integrations: which REST routes an integration may call, which ACL resources a list of calls needs, the diagnostics of integration files, ACL lookups, OAuth 1.0a signature explanations, scaffolding a module, and a read-only check of a live store. Answers come from the Magento project this server was started in.',
  });

  server.registerTool('integration_routes', {
    title: 'REST routes an integration can call',
    description: 'Lists the REST routes (method, URL, the ACL resources each needs) that an integration configured in the project (etc/integration.xml or the legacy etc/integration/api.xml) may call, judged as Magento judges them: every resource of the route granted, "self" routes never, Magento_Backend::all everything. Also gives how many routes stay closed. Use it before writing API calls for an integration.',
    inputSchema: { integration: z.string().min(1).describe('The integration\'s name, as in <integration name="…">') },
    annotations: { readOnlyHint: true },
  }, async ({ integration }) => {
    const access = integrationAccess(await project.workspace(), integration);
    if (!access) return refusal(`No integration named "${integration}" is configured in ${project.root}. Known: ${[...(await project.workspace()).integrations.allNames()].sort().join(', ') || 'none'}.`);
    const open = access.routes.filter((r) => r.verdict.allowed).map((r) => ({ method: r.route.method, url: r.route.url, resources: r.route.resources, module: r.route.module }));
    return answer({ integration, format: access.format, granted: [...access.grants.allowed], total: open.length, closed: access.routes.length - open.length, routes: open.slice(0, MAX_ITEMS), truncated: open.length > MAX_ITEMS });
  });

  server.registerTool('resources_for_calls', {
    title: 'ACL resources a list of REST calls needs',
    description: 'Given the REST calls an app makes (e.g. "GET /V1/orders", "POST /V1/products", "POST /async/bulk/V1/products", "PUT /rest/all/V1/products/abc"), returns the fewest ACL resources an integration must be granted for all of them, each call\'s route and mode (sync; async and bulk are queued under the same resources and need the async.operations.all consumer), and the calls no grant can open (customer "self" routes, URLs no route of the project answers, paths Magento rejects with 400). With legacy: true, the ancestors an etc/integration/api.xml must list too. Paste the result into <resources>.',
    inputSchema: {
      calls: z.array(z.string().regex(/^\s*[A-Za-z]+\s+\/\S*\s*$/, 'METHOD /V1/…')).min(1).max(500).describe('Calls as "METHOD /V1/path" (or /rest/V1/…); :params may be real values'),
      legacy: z.boolean().optional().describe('true for the legacy api.xml, which must list parents itself'),
    },
    annotations: { readOnlyHint: true },
  }, async ({ calls, legacy }) => {
    const workspace = await project.workspace();
    const needed = grantsForCalls(calls, workspace.routes(), workspace.acl.snapshot(), legacy ? 'legacy' : 'integration.xml');
    const queued = needed.routes.some((r) => r.mode !== 'sync');
    return answer({ resources: needed.resources, routes: needed.routes.map(({ call, route, mode }) => ({ call, route: `${route.method} ${route.url}`, mode, resources: route.resources })), impossible: needed.impossible, ...(queued ? { queued: QUEUED_NOTE } : {}) });
  });

  server.registerTool('diagnostics', {
    title: 'Diagnostics of Magento files',
    description: 'Checks a file or folder of the project (module trees: integration.xml, api.xml, acl.xml, webapi.xml, module.xml, system.xml, menu.xml, PHP ACL references, composer.json) with the language server\'s checks, and returns each problem with its file, line, column, severity, stable code and message. Use it after editing integration or ACL files.',
    inputSchema: { path: z.string().min(1).describe('A file or folder, relative to the project root or absolute inside it') },
    annotations: { readOnlyHint: true },
  }, async ({ path: given }) => {
    const target = project.inside(given);
    if (!target) return refusal(`${given} is outside the project (${project.root}).`);
    try {
      const found = await lint([target]);
      return answer({ total: found.length, diagnostics: found.slice(0, MAX_ITEMS).map((d) => ({ ...d, file: path.relative(project.root, d.file) })), truncated: found.length > MAX_ITEMS });
    } catch (error) {
      return refusal(error instanceof Error ? error.message : String(error));
    }
  });

  server.registerTool('acl_lookup', {
    title: 'Look up ACL resources',
    description: 'Finds ACL resources by exact id (e.g. "Magento_Sales::actions_view") or by words of their id or title (e.g. "credit memo"): each with its title, breadcrumb from Magento_Backend::admin, declaring module and the acl.xml files that declare it (or "bundled" for Magento\'s core catalog), and whether it is disabled.',
    inputSchema: { query: z.string().min(2).max(200).describe('An ACL id, or words of an id or title') },
    annotations: { readOnlyHint: true },
  }, async ({ query }) => {
    const snapshot = (await project.workspace()).acl.snapshot();
    const exact = snapshot.get(query.trim());
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const matches = exact ? [exact] : snapshot.ordered.filter((r) => words.every((w) => r.id.toLowerCase().includes(w) || (r.title ?? '').toLowerCase().includes(w)));
    return answer({
      total: matches.length,
      resources: matches.slice(0, 20).map((r) => ({
        id: r.id, title: r.title, breadcrumb: snapshot.breadcrumb(r.id), module: r.catalogModule ?? r.id.slice(0, r.id.indexOf('::')), disabled: r.disabled,
        declaredIn: r.bundled ? 'bundled Magento 2.4.6 catalog' : r.locations.map((l) => path.relative(project.root, pathOfUri(l.uri) ?? l.uri)),
      })),
    });
  });

  server.registerTool('explain_signature', {
    title: 'Explain an OAuth 1.0a signature',
    description: 'Takes a request as a curl command or an Authorization header (with method and url), and the consumer secret (and token secret) it was signed with, and explains it as Magento 2.4.4+ checks it: the base string Magento builds, whether the signature matches, and when not, the client mistake that reproduces it (an unsigned query, a wrong URL form, a doubly encoded value…). The secrets are used to sign and never returned.',
    inputSchema: {
      request: z.string().min(1).max(256 * 1024).describe('A curl command, or "Authorization: OAuth …"'),
      method: z.string().optional().describe('With a bare header: the HTTP method'),
      url: z.string().optional().describe('With a bare header: the full URL'),
      consumerSecret: z.string().min(1),
      tokenSecret: z.string().optional(),
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, async ({ request, method, url, consumerSecret, tokenSecret }) => {
    const pasted = readPastedRequest(request);
    if ('error' in pasted) return refusal(pasted.error);
    const fullUrl = pasted.url ?? url;
    if (!fullUrl || !pasted.authorization) return refusal('Give a curl command with its Authorization header, or the header with method and url.');
    try {
      const explained = explainRequest({ method: pasted.method ?? method ?? 'GET', url: fullUrl, authorization: pasted.authorization, contentType: pasted.contentType, body: pasted.body, consumerSecret, tokenSecret });
      const hidden = [consumerSecret, tokenSecret].filter((s): s is string => !!s);
      const clean = (text: string) => hidden.reduce((out, secret) => out.split(secret).join('***'), text);
      return answer({
        matches: explained.comparison?.matches ?? null, mistake: explained.comparison?.mistake ?? null,
        magentoBaseString: clean(explained.baseString), clientBaseString: explained.comparison ? clean(explained.comparison.receivedBaseString) : null,
        notes: [...pasted.notes, ...explained.notes].map(clean),
      });
    } catch (error) {
      return refusal(`The request cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

  server.registerTool('scaffold_module', {
    title: 'Create an integration module (writes files)',
    description: 'WRITES FILES: creates app/code/<Vendor>/<Module> in the project with an integration (etc/integration.xml, or the legacy config.xml + api.xml with a data patch), registration.php, module.xml (sequenced after Magento_Integration) and composer.json, after checking every value as Magento would. Refuses, writing nothing, if any file already exists or a value is invalid. Returns the files created and the next steps.',
    inputSchema: {
      vendor: z.string(), module: z.string(), integration: z.string(), email: z.string(),
      endpointUrl: z.string().optional(), identityLinkUrl: z.string().optional(),
      resources: z.array(z.string()).max(500).optional().describe('ACL ids to grant'),
      layout: z.enum(['current', 'legacy']).optional(), setup: z.enum(['data-patch', 'install-data']).optional(),
    },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  }, async (input) => {
    const args = ['--root', project.root, '--vendor', input.vendor, '--module', input.module, '--integration', input.integration, '--email', input.email,
      ...(input.endpointUrl ? ['--endpoint-url', input.endpointUrl] : []), ...(input.identityLinkUrl ? ['--identity-link-url', input.identityLinkUrl] : []),
      ...(input.resources ?? []).flatMap((id) => ['--resource', id]), ...(input.layout ? ['--layout', input.layout] : []), ...(input.setup ? ['--setup', input.setup] : [])];
    try {
      const { created, warnings } = await runScaffold(args);
      return answer({ created: created.map((file) => path.relative(project.root, file)), warnings, next: ['bin/magento setup:upgrade', 'bin/magento setup:di:compile', 'bin/magento cache:clean'] });
    } catch (error) {
      return refusal(error instanceof Error ? error.message : String(error));
    }
  });

  server.registerTool('store_check', {
    title: 'Check a live store against the project (read-only)',
    description: 'Reads the store\'s database (the one app/etc/env.php names, or databaseUrl) in a read-only transaction and probes its web server with no credentials, then reports each integration\'s state in the store (missing and why, inactive, active, reset), its tokens, grants that differ from the files, a web server dropping the Authorization header, and the settings that decide how apps authenticate. Never returns a key, token or secret.',
    inputSchema: {
      databaseUrl: z.string().optional().describe('mysql://user@host:port/database, when env.php does not name a reachable database'),
      password: z.string().optional().describe('The database password for databaseUrl'),
      storeUrl: z.string().optional().describe('The store\'s base URL, when the database\'s is not the one this machine reaches'),
    },
    annotations: { readOnlyHint: true },
  }, async ({ databaseUrl, password, storeUrl }) => {
    try {
      const result = await runDoctor({ root: project.root, databaseUrl, password, storeUrl }, nodeFileSystem, await project.workspace());
      return answer(doctorJson(result) as unknown as Record<string, unknown>);
    } catch (error) {
      if (error instanceof DoctorFailure) return refusal(error.message);
      throw error;
    }
  });
  return server;
}

/** Serves the tools over stdio; resolves when the client closes the stream. */
export async function serveMcp(root: string): Promise<void> {
  const server = createMcpServer(root);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close().catch(() => undefined);
}
