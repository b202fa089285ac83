// What the integration checks and the scaffolder say about a URL's transport.

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Plain http to a host other than this machine: the OAuth exchange would cross the network unencrypted. */
export function isPlainHttpToRemoteHost(url: URL): boolean {
  return url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname);
}

/** A URL served by this machine (localhost, 127.0.0.0/8, ::1, *.localhost). */
export function isThisMachine(url: URL): boolean {
  return LOCAL_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname) || url.hostname.endsWith('.localhost');
}
