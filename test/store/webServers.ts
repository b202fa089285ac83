// Web servers in front of a store, as users' stores have them: a reverse proxy that forwards every request,
// dropping the Authorization header when asked (Apache's CGI/FPM default), or redirecting.
import * as http from 'node:http';

export interface FrontServer {
  url: string;
  close(): Promise<void>;
}

export function frontServer(target: string, mode: 'pass' | 'drop-authorization' | 'redirect'): Promise<FrontServer> {
  const server = http.createServer((request, response) => {
    const to = new URL(request.url ?? '/', target);
    if (mode === 'redirect') {
      response.writeHead(301, { location: to.toString() }).end();
      return;
    }
    const headers = { ...request.headers, host: to.host };
    if (mode === 'drop-authorization') delete headers.authorization;
    const upstream = http.request(to, { method: request.method, headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.writeHead(502).end('bad gateway'));
    request.pipe(upstream);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
