// `magento-integration-kit doctor`: a live store held against the workspace, read-only. Exit codes: 0 no
// error found, 1 an error finding, 2 bad usage or the database or store unreachable.
import * as path from 'node:path';
import { DoctorFailure, doctorJson, DoctorResult, runDoctor } from '../store/doctor';
import { nodeFileSystem } from '../workspace/fileSystem';
import { oneOf, parseOptions, UsageError } from './args';
import type { Output } from './output';
import { count } from '../../../shared/words';

export async function runDoctorCommand(args: string[], io: Output): Promise<number> {
  const values = parseOptions('doctor', args, {
    root: { type: 'string' }, db: { type: 'string' }, 'store-url': { type: 'string' }, format: { type: 'string' },
    'no-probe': { type: 'boolean' }, timeout: { type: 'string' },
  });
  const root = values.root ?? '.';
  const databaseUrl = values.db;
  const storeUrl = values['store-url'];
  const format = oneOf('doctor', 'format', values.format, ['text', 'json'], 'text');
  const noProbe = values['no-probe'] ?? false;
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) throw new UsageError('doctor: --timeout takes seconds, from 1 to 600');
    timeoutMs = seconds * 1000;
  }
  if (storeUrl !== undefined && !/^https?:\/\/[^/]/i.test(storeUrl)) throw new UsageError(`doctor: --store-url takes the store's http(s) base URL, not "${storeUrl}"`);
  let result: DoctorResult;
  try {
    result = await runDoctor({ root: path.resolve(root), databaseUrl, storeUrl, noProbe, timeoutMs }, nodeFileSystem);
  } catch (error) {
    if (error instanceof DoctorFailure) {
      io.err(`magento-integration-kit doctor: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  io.out(format === 'json' ? `${JSON.stringify(doctorJson(result))}\n` : formatDoctor(result));
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

const STATE_WORDS = { missing: 'not in the store', inactive: 'inactive', active: 'active', reset: 'reset, waiting for Activate' } as const;
const TOKEN_WORDS = { none: 'no token', verifier: 'activated, no request token yet', 'request-token': 'a request token only', 'access-token': 'an access token' } as const;

export function formatDoctor(result: DoctorResult): string {
  const lines: string[] = [];
  const header = result.probe?.verdict === 'passes' ? 'reaches Magento' : result.probe?.verdict === 'stripped' ? 'DROPPED by the web server' : result.probe ? 'could not be told' : 'not probed';
  lines.push(`Store: ${result.store.baseUrl ?? '(no base URL)'} · database ${result.database}`);
  lines.push(`  Authorization header: ${header} · Bearer tokens: ${result.store.bearerTokens ? 'accepted' : 'not accepted'} · consumer expiry: ${result.store.consumerExpirySeconds} s`);
  lines.push('');
  lines.push(result.integrations.length > 0 ? 'Integrations:' : 'Integrations: none, in the workspace or the store.');
  for (const i of result.integrations) {
    const where = i.inWorkspace ? '' : ' · not in this workspace';
    const from = i.setupType ? ` · from ${i.setupType === 'config' ? 'configuration files' : 'the admin'}` : '';
    lines.push(`  ${i.name}: ${STATE_WORDS[i.status]}${i.status === 'missing' ? '' : ` · ${TOKEN_WORDS[i.tokens]}`}${from}${where}`);
  }
  const shown = result.findings.filter((f) => f.severity !== 'info' || f.integration);
  const notes = result.findings.filter((f) => !shown.includes(f));
  if (shown.length > 0) lines.push('');
  for (const f of shown) lines.push(`${f.severity.padEnd(7)} ${f.code}${f.integration ? ` [${f.integration}]` : ''}: ${f.message}`);
  if (notes.length > 0) {
    lines.push('');
    for (const f of notes) lines.push(`note    ${f.code}: ${f.message}`);
  }
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.filter((f) => f.severity === 'warning').length;
  lines.push('', `${count(errors, 'error')}, ${count(warnings, 'warning')}.`);
  return `${lines.join('\n')}\n`;
}
