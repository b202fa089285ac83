"""An integration app signed by oauthlib (not by this project's code), for the real-store suite: the same app
runs against a real Magento store and against the simulated store, and what each answers is compared.

It listens on 127.0.0.1:PORT for the activation POST (/callback) and the identity link (/login), runs the token
exchange, then makes each REST call of the cases file, some of them malformed on purpose, and prints one JSON
line per step: the activation (with the headers the store sent), each token step, and each case's status and
body. Run with Debian's python3 (python3-oauthlib). Usage: probe_app.py PORT CASES.json
A case is {"name", "method", "path", "body"? (JSON text, sent unsigned), "variant"?}; variants: sha1, wrong-token-secret, timestamp-ahead,
nonce-33 (33 characters whose first 32 are the previous case's nonce), replay (the previous case's nonce again),
no-token (signed without oauth_token), unsigned.
"""
import json
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from oauthlib.oauth1 import Client, SIGNATURE_HMAC_SHA1, SIGNATURE_HMAC_SHA256
from oauthlib.common import generate_nonce

PORT = int(sys.argv[1])
CASES = json.load(open(sys.argv[2]))


SAY_LOCK = threading.Lock()


def say(**fields):
    # One whole line per call: the HTTP server's threads must not interleave their lines (a busy machine did).
    with SAY_LOCK:
        sys.stdout.write(json.dumps(fields) + "\n")
        sys.stdout.flush()


def http(method, uri, headers, body=None):
    request = urllib.request.Request(uri, data=body.encode() if body else None, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def signed(method, url, client, json_body=None):
    if json_body is None:
        uri, headers, body = client.sign(url, http_method=method)
        return http(method, uri, headers, body)
    # A JSON body is not signed (OAuth 1.0a signs only form bodies): sign the URL, send the body.
    uri, headers, _ = client.sign(url, http_method=method)
    headers["Content-Type"] = "application/json"
    return http(method, uri, headers, json_body)


def run_cases(base, key, secret, token, token_secret):
    previous_nonce = None
    for case in CASES:
        variant = case.get("variant", "")
        url = base + case["path"]
        nonce = (generate_nonce() + "0123456789abcdefghijklmnopqrstuvwxyz")[:32]  # exactly Magento's column width
        if variant == "replay" and previous_nonce:
            nonce = previous_nonce
        if variant == "nonce-33" and previous_nonce:
            nonce = previous_nonce + "x"
        timestamp = str(int(time.time()) + (3600 if variant == "timestamp-ahead" else 0))
        if variant == "unsigned":
            status, body = http(case["method"], url, {"Accept": "application/json"})
        else:
            client = Client(key, client_secret=secret,
                            resource_owner_key=None if variant == "no-token" else token,
                            resource_owner_secret="w" * 32 if variant == "wrong-token-secret" else token_secret,
                            signature_method=SIGNATURE_HMAC_SHA1 if variant == "sha1" else SIGNATURE_HMAC_SHA256,
                            nonce=nonce, timestamp=timestamp)
            status, body = signed(case["method"], url, client, case.get("body"))
        previous_nonce = nonce
        say(step="case", name=case["name"], status=status, body=body)
    say(step="done")


def exchange(form):
    base = form["store_base_url"]
    key, secret, verifier = form["oauth_consumer_key"], form["oauth_consumer_secret"], form["oauth_verifier"]
    status, body = signed("POST", base + "oauth/token/request", Client(key, client_secret=secret, signature_method=SIGNATURE_HMAC_SHA256))
    say(step="request-token", status=status, body=body if status != 200 else "")
    if status != 200:
        return say(step="done")
    token = parse_qs(body)
    client = Client(key, client_secret=secret, resource_owner_key=token["oauth_token"][0],
                    resource_owner_secret=token["oauth_token_secret"][0], verifier=verifier, signature_method=SIGNATURE_HMAC_SHA256)
    status, body = signed("POST", base + "oauth/token/access", client)
    say(step="access-token", status=status, body=body if status != 200 else "")
    if status != 200:
        return say(step="done")
    access = parse_qs(body)
    run_cases(base, key, secret, access["oauth_token"][0], access["oauth_token_secret"][0])


class App(BaseHTTPRequestHandler):
    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        form = {k: v[0] for k, v in parse_qs(raw).items()}
        say(step="activation", path=self.path, fields=sorted(form), user_agent=self.headers.get("User-Agent"),
            content_type=self.headers.get("Content-Type"))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"OK")
        threading.Thread(target=exchange, args=(form,)).start()

    def do_GET(self):
        query = parse_qs(urlparse(self.path).query)
        self.send_response(302)
        self.send_header("Location", query.get("success_call_back", ["/"])[0])
        self.end_headers()

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", PORT), App)
say(step="listening", port=server.server_address[1])
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()  # runs until stdin closes
