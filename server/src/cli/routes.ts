// `magento-integration-kit routes`: which REST routes an integration can call, or which resources an
// app's calls need. Exit codes: 0 every call named can be made, 1 some cannot, 2 bad usage.
import * as path from 'node:path';
import { grantsForCalls, resolveCall, routeVerdict, WebapiRoute } from '../magento/webapiRoutes';
import { storeScopeNote, UNPROCESSABLE_MESSAGE, unprocessableHint } from '../magento/restCall';
import { ASYNC_CONSUMER, QUEUED_NOTE } from '../../../shared/queuedRoutes';
import { integrationAccess } from '../workspace/routeIndex';
import { UsageError } from './args';
import type { Output } from './output';
import { loadProject } from './project';
import { count } from '../../../shared/words';

export async function runRoutes(args: string[], io: Output): Promise<number> {
  let integration: string | undefined;
  let format = 'text';
  let legacy = false;
  const calls: string[] = [];
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new UsageError(`routes: ${arg} needs a value`);
      return next;
    };
    if (arg === '--integration') integration = value();
    else if (arg === '--call') calls.push(value());
    else if (arg === '--legacy') legacy = true;
    else if (arg === '--format') {
      format = value();
      if (format !== 'text' && format !== 'json') throw new UsageError(`routes: --format takes text or json, not "${format}"`);
    } else if (arg.startsWith('-')) throw new UsageError(`routes: unknown option "${arg}"`);
    else paths.push(arg);
  }
  for (const call of calls) if (!/^\s*[A-Za-z]+\s+\/\S*\s*$/.test(call)) throw new UsageError(`routes: --call takes "METHOD /V1/…", not "${call}"`);
  if (!integration && calls.length === 0) throw new UsageError('routes: give --integration NAME, or the calls your app makes with --call "GET /V1/…"');
  const workspace = await loadProject((paths.length > 0 ? paths : ['.']).map((p) => path.resolve(p)));
  const snapshot = workspace.acl.snapshot();
  const routes = workspace.routes();
  for (const [file, reason] of workspace.skippedRouteFiles) io.err(`routes: skipped ${file}: ${reason}.\n`);

  if (!integration) {
    const needed = grantsForCalls(calls, routes, snapshot, legacy ? 'legacy' : 'integration.xml');
    const queued = needed.routes.some((r) => r.mode !== 'sync');
    if (format === 'json') io.out(`${JSON.stringify({ resources: needed.resources, routes: needed.routes.map(({ call, route, mode }) => ({ call, mode, ...route })), impossible: needed.impossible, ...(queued ? { queued: QUEUED_NOTE } : {}) })}\n`);
    else {
      io.out(needed.resources.length > 0 ? `Grant${legacy ? ' (with their parents, for api.xml)' : ''}:\n${needed.resources.map((id) => `  <resource name="${id}"/>\n`).join('')}` : 'No resource to grant.\n');
      for (const { call, route, mode } of needed.routes) {
        const read = resolveCall(call, routes)?.read;
        const scope = read && 'call' in read ? storeScopeNote(read.call, route) : undefined;
        io.out(`  ${call} → ${route.method} ${route.url} (${route.resources.join(', ')})${mode === 'sync' ? '' : `, queued (${mode})`}\n${scope ? `    note: ${scope}\n` : ''}`);
      }
      if (queued) io.out(`Queued calls: ${QUEUED_NOTE}\n`);
      for (const { call, reason, detail } of needed.impossible) io.out(`cannot: ${call}: ${reason === 'self' ? 'a customer\'s own data (self): no integration can call it' : reason === 'unknown-route' ? 'no route of the index has this method and URL' : detail}\n`);
    }
    return needed.impossible.length > 0 ? 1 : 0;
  }

  const access = integrationAccess(workspace, integration);
  if (!access) throw new UsageError(`routes: no integration named "${integration}" is configured in ${paths.join(', ') || 'this folder'}`);
  const { format: format_, grants, routes: verdicts } = access;
  const callVerdicts = calls.map((call) => {
    const resolved = resolveCall(call, routes);
    const read = resolved?.read;
    const route = resolved?.route;
    return { call, route, read, verdict: route ? routeVerdict(route, grants, snapshot) : undefined };
  });
  if (format === 'json') {
    io.out(`${JSON.stringify({
      integration, format: format_, granted: [...grants.allowed], fullAccess: grants.fullAccess,
      routes: verdicts.filter((v) => v.verdict.allowed).map(({ route }) => route),
      queuedForms: 'each POST, PUT and DELETE route is also /async/V1/… and /async/bulk/V1/… (":param" written "byParam"), under the same resources: ' + QUEUED_NOTE,
      calls: callVerdicts.map(({ call, route, read, verdict }) => ({
        call, route, mode: read && 'call' in read ? read.call.mode : undefined, store: read ? ('call' in read ? read.call.store : read.store) : undefined,
        allowed: verdict?.allowed ?? false, missing: verdict && !verdict.allowed ? verdict.missing : undefined,
        unknownRoute: (!route && read && 'call' in read) || undefined, unprocessable: read && 'unprocessable' in read ? read.unprocessable : undefined,
        storeScope: route && read && 'call' in read ? storeScopeNote(read.call, route) : undefined,
      })),
    })}\n`);
  } else {
    const allowed = verdicts.filter((v) => v.verdict.allowed);
    io.out(`${integration} (${format_}) can call ${allowed.length} of ${count(routes.length, 'REST route')}${grants.fullAccess ? ' (all resources)' : ''}.\n`);
    for (const [module, list] of groupByModule(allowed.map((v) => v.route))) {
      io.out(`${module}\n${list.map((r) => `  ${r.method.padEnd(6)} ${r.url}  ${r.resources.join(', ')}\n`).join('')}`);
    }
    if (allowed.some((v) => v.route.method !== 'GET')) io.out(`Each POST, PUT and DELETE route above is also /async/V1/… and /async/bulk/V1/… (":param" written "byParam"), under the same resources. ${QUEUED_NOTE}\n`);
    for (const { call, route, read, verdict } of callVerdicts) {
      const called = read && 'call' in read ? read.call : undefined;
      const queued = called && called.mode !== 'sync' ? `, queued (${called.mode}): needs the ${ASYNC_CONSUMER} consumer` : '';
      if (read && 'unprocessable' in read) io.out(`✗ ${call}: Magento answers 400 "${UNPROCESSABLE_MESSAGE}": ${unprocessableHint(read.unprocessable, read.store, [])}\n`);
      else if (!route) io.out(`✗ ${call}: no route of the index has this method and URL (Magento answers 404)\n`);
      else if (verdict!.allowed) io.out(`✓ ${call} → ${route.method} ${route.url}${queued}\n${called && storeScopeNote(called, route) ? `  note: ${storeScopeNote(called, route)}\n` : ''}`);
      else io.out(`✗ ${call} → ${route.method} ${route.url}: ${verdict!.reason === 'self' ? 'a customer\'s own data (self)' : `401, lacks ${verdict!.missing.join(', ')}`}\n`);
    }
  }
  return callVerdicts.every((c) => c.verdict?.allowed) ? 0 : 1;
}

function groupByModule(routes: WebapiRoute[]): Map<string, WebapiRoute[]> {
  const groups = new Map<string, WebapiRoute[]>();
  for (const route of routes) {
    const key = route.module ?? '(no module)';
    groups.set(key, [...(groups.get(key) ?? []), route]);
  }
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}
