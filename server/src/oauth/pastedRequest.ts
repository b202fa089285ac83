// What a developer has in hand when a signature fails: a curl command (their client's log, Postman's or a
// browser's "Copy as cURL", Magento's docs) or the Authorization header alone. Read into the request that
// the explainer signs as Magento would. One pass over the text, no backtracking: any paste is read in linear time.
import { percentEncode } from './signature';

export interface PastedRequest {
  method?: string;
  url?: string;
  /** The Authorization header's value, exactly as pasted. */
  authorization?: string;
  contentType?: string;
  body?: string;
  /** What was read but does not take part in the signature (a file body, multipart fields, basic auth). */
  notes: string[];
}

export type PasteReading = PastedRequest | { error: string };

/** At most this much pasted text is read (a curl command with a large JSON body stays well below it). */
export const MAX_PASTE_LENGTH = 256 * 1024;

const NOT_RECOGNIZED = 'Paste a curl command (curl …) or an Authorization header (Authorization: OAuth oauth_consumer_key="…", …).';

export function readPastedRequest(text: string): PasteReading {
  if (text.length > MAX_PASTE_LENGTH) return { error: `The pasted text has ${text.length} characters; at most ${MAX_PASTE_LENGTH} are read.` };
  const trimmed = text.trim();
  if (/^curl(\s|$)/.test(trimmed) || /^curl\.exe(\s|$)/i.test(trimmed)) return readCurl(trimmed);
  const header = /^authorization\s*:\s*/i.exec(trimmed);
  const value = header ? trimmed.slice(header[0].length) : trimmed;
  if (/^OAuth\s/i.test(value)) return { authorization: value, notes: [] };
  return { error: NOT_RECOGNIZED };
}

/** curl's options that take a value, by every name a copied command uses. */
const VALUE_OPTIONS = new Set([
  '-X', '--request', '-H', '--header', '-d', '--data', '--data-ascii', '--data-binary', '--data-raw', '--data-urlencode', '--url',
  '-u', '--user', '-A', '--user-agent', '-e', '--referer', '-b', '--cookie', '-c', '--cookie-jar', '-o', '--output', '-w', '--write-out',
  '-m', '--max-time', '--connect-timeout', '--retry', '-x', '--proxy', '--cacert', '--cert', '--key', '-E', '-F', '--form', '--form-string',
  '-T', '--upload-file', '--resolve', '--interface', '-r', '--range', '--oauth2-bearer', '-K', '--config', '--json',
]);
const SHORT_WITH_VALUE = new Set([...VALUE_OPTIONS].filter((o) => /^-[a-zA-Z]$/.test(o)).map((o) => o[1]));

function readCurl(command: string): PasteReading {
  const words = shellWords(command);
  if ('error' in words) return words;
  const options: Array<[string, string | undefined]> = [];
  const positional: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    if (word === '--') {
      positional.push(...words.slice(i + 1));
      break;
    }
    if (word.startsWith('--')) {
      // curl has no --name=value form: it refuses the option as unknown, and so do we.
      if (word.includes('=')) return { error: `curl does not know the option ${word}: write ${word.replace('=', ' ')}.` };
      if (!VALUE_OPTIONS.has(word)) options.push([word, undefined]);
      else if (i + 1 < words.length) options.push([word, words[++i]]);
      else return { error: `curl's ${word} needs a value.` };
    } else if (word.startsWith('-') && word.length > 1) {
      // Grouped short options (-sSL), the last of which may take a value (-sXPOST, -sX POST).
      for (let j = 1; j < word.length; j++) {
        const flag = word[j];
        if (!SHORT_WITH_VALUE.has(flag)) {
          options.push([`-${flag}`, undefined]);
          continue;
        }
        const rest = word.slice(j + 1);
        if (rest) options.push([`-${flag}`, rest]);
        else if (i + 1 < words.length) options.push([`-${flag}`, words[++i]]);
        else return { error: `curl's -${flag} needs a value.` };
        break;
      }
    } else {
      positional.push(word);
    }
  }

  const notes: string[] = [];
  let method: string | undefined;
  let url = positional[0];
  let get = false;
  let globOff = false;
  let authorization: string | undefined;
  let contentType: string | undefined;
  const data: string[] = [];
  for (const [name, value = ''] of options) {
    switch (name) {
      case '-X': case '--request': method = value.toUpperCase(); break;
      case '--url': url = value; break;
      case '-G': case '--get': get = true; break;
      case '-g': case '--globoff': globOff = true; break;
      case '-I': case '--head': method ??= 'HEAD'; break;
      case '-H': case '--header': {
        const colon = value.indexOf(':');
        const headerName = (colon > 0 ? value.slice(0, colon) : value).trim().toLowerCase();
        const headerValue = colon > 0 ? value.slice(colon + 1).trim() : '';
        if (headerName === 'authorization') authorization = headerValue;
        else if (headerName === 'content-type') contentType = headerValue;
        break;
      }
      case '-d': case '--data': case '--data-ascii': case '--data-binary':
        if (value.startsWith('@')) notes.push(`${name} ${value} reads the body from a file, which is not here: paste the body with --data-raw to sign it.`);
        else data.push(name === '--data-binary' ? value : value.replace(/[\r\n]/g, ''));
        break;
      case '--data-raw': data.push(value); break;
      case '--data-urlencode': data.push(urlencodeData(value)); break;
      case '--json': data.push(value); contentType ??= 'application/json'; break;
      case '-F': case '--form': case '--form-string':
        notes.push('multipart/form-data fields (-F) are never signed: Magento signs only application/x-www-form-urlencoded bodies.');
        contentType ??= 'multipart/form-data';
        break;
      case '-u': case '--user': notes.push('-u sends basic authentication, which Magento\'s OAuth ignores.'); break;
      default: break;
    }
  }
  if (!url) return { error: 'The curl command has no URL.' };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) url = `http://${url}`; // as curl does
  if (!globOff && /[[\]{}]/.test(url)) notes.push('curl itself refuses this URL ("bad range"): add -g (--globoff) so that [ ] and { } are sent as they are.');
  let body: string | undefined = data.length > 0 ? data.join('&') : undefined;
  if (get && body !== undefined) {
    url += (url.includes('?') ? '&' : '?') + body;
    body = undefined;
  }
  if (body !== undefined) contentType ??= 'application/x-www-form-urlencoded'; // curl's default for -d
  method ??= body !== undefined ? 'POST' : 'GET';
  return { method, url, authorization, contentType, body, notes };
}

/** curl's --data-urlencode forms: `content`, `=content`, `name=content` (content encoded, name kept). */
function urlencodeData(value: string): string {
  const equals = value.indexOf('=');
  if (equals < 0) return formEncode(value);
  const name = value.slice(0, equals);
  return `${name}${name ? '=' : ''}${formEncode(value.slice(equals + 1))}`;
}

/** As curl's --data-urlencode encodes: all but RFC 3986's unreserved characters, a space as "+". */
function formEncode(value: string): string {
  return percentEncode(value).replace(/%20/g, '+');
}

const ANSI_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '?': '?', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v' };

/**
 * The words of a POSIX shell command line: single and double quotes, backslashes and bash's $'…' (which
 * browsers' "Copy as cURL" uses), with no expansion. A backslash and a space between words continue the line: editors'
 * one-line input boxes drop the newline of a pasted `\`-continued command and keep the backslash.
 */
export function shellWords(text: string): string[] | { error: string } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const end = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      end();
      i++;
    } else if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n' || (next === '\r' && text[i + 2] === '\n')) {
        i += next === '\n' ? 2 : 3; // a line continuation, as the shell reads it
      } else if (next === undefined || (!inWord && (next === ' ' || next === '\t' || next === '\r'))) {
        i += next === undefined ? 1 : 2; // the continuation of a command pasted on one line
      } else {
        word += next;
        inWord = true;
        i += 2;
      }
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return { error: 'The command has a \' that is never closed.' };
      word += text.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (c === '$' && text[i + 1] === "'") {
      i += 2;
      inWord = true;
      for (;;) {
        if (i >= text.length) return { error: 'The command has a $\' that is never closed.' };
        const d = text[i];
        if (d === "'") break;
        if (d === '\\' && i + 1 < text.length) {
          const escaped = text[i + 1];
          const hex = escaped === 'x' ? /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2, i + 4)) : null;
          const unicode = escaped === 'u' ? /^[0-9a-fA-F]{1,4}/.exec(text.slice(i + 2, i + 6)) : null;
          if (hex) {
            word += String.fromCharCode(parseInt(hex[0], 16));
            i += 2 + hex[0].length;
          } else if (unicode) {
            word += String.fromCharCode(parseInt(unicode[0], 16));
            i += 2 + unicode[0].length;
          } else {
            word += ANSI_ESCAPES[escaped] ?? `\\${escaped}`;
            i += 2;
          }
        } else {
          word += d;
          i++;
        }
      }
      i++;
    } else if (c === '"') {
      i++;
      inWord = true;
      for (;;) {
        if (i >= text.length) return { error: 'The command has a " that is never closed.' };
        const d = text[i];
        if (d === '"') break;
        // Inside double quotes a backslash escapes only $ ` " \ and a newline.
        if (d === '\\' && i + 1 < text.length && '$`"\\\n'.includes(text[i + 1])) {
          if (text[i + 1] !== '\n') word += text[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  end();
  return words;
}
