// What the tester reports, one JSON object per step (the CLI's --json lines, the webview's timeline).
import { randomInt } from 'node:crypto';

export interface RawExchange {
  request?: { method: string; url: string; headers?: Record<string, string>; body?: string };
  response?: { status: number; headers?: Record<string, string>; body: string };
}

export interface TesterEvent extends RawExchange {
  event: string;
  ok?: boolean;
  step?: string;
  /** Magento's oauth_problem text, for rejections. */
  problem?: string;
  status?: number;
  expectedBaseString?: string;
  receivedBaseString?: string;
  mistake?: { code: string; explanation: string };
  /** Something Magento would not tell you, in plain words. */
  hint?: string;
  [detail: string]: unknown;
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Magento's token format: 32 characters of [0-9a-z] (Framework\Oauth\Helper\Oauth). */
export function randomToken(length = 32): string {
  let token = '';
  for (let i = 0; i < length; i++) token += ALPHABET[randomInt(ALPHABET.length)];
  return token;
}

/** `ab12…` : enough to tell two secrets apart, too little to use one. */
export function redactSecret(secret: string): string {
  return secret.length <= 4 ? '…' : `${secret.slice(0, 4)}…`;
}

/** Replaces every known secret in an event (recursively, in every string) with its redacted form. */
export function redactEvent<T>(value: T, secrets: readonly string[]): T {
  const live = secrets.filter((s) => s.length >= 8);
  if (live.length === 0) return value;
  const scrub = (text: string) => live.reduce((out, secret) => out.split(secret).join(redactSecret(secret)).split(encodeURIComponent(secret)).join(redactSecret(secret)), text);
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return scrub(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    return node;
  };
  return walk(value) as T;
}
