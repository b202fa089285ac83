"""An integration app whose OAuth 1.0a signing is done by oauthlib, for the cross-check against our
simulated store. It serves POST /callback (the activation) and GET /login (redirects to
success_call_back), runs the token exchange and one signed API call, and prints one JSON line per
step. Run with Debian's python3 (package python3-oauthlib); it prints its port first. Arguments, if any,
are the REST calls to make after the access token ("GET rest/V1/orders?searchCriteria%5BpageSize%5D=1").
"""
import json
import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from oauthlib.oauth1 import Client, SIGNATURE_HMAC_SHA256


CALLS = sys.argv[1:]


SAY_LOCK = threading.Lock()


def say(**fields):
    # One whole line per call: the HTTP server's threads must not interleave their lines (a busy machine did).
    with SAY_LOCK:
        sys.stdout.write(json.dumps(fields) + "\n")
        sys.stdout.flush()


def call(method, url, client, body=None):
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
    uri, signed_headers, signed_body = client.sign(url, http_method=method, body=body, headers=headers)
    request = urllib.request.Request(uri, data=signed_body.encode() if signed_body else None, headers=signed_headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def exchange(form):
    base = form["store_base_url"]
    key, secret, verifier = form["oauth_consumer_key"], form["oauth_consumer_secret"], form["oauth_verifier"]
    status, body = call("POST", base + "oauth/token/request", Client(key, client_secret=secret, signature_method=SIGNATURE_HMAC_SHA256))
    say(step="request-token", status=status, body=body)
    if status != 200:
        return
    token = parse_qs(body)
    client = Client(key, client_secret=secret, resource_owner_key=token["oauth_token"][0],
                    resource_owner_secret=token["oauth_token_secret"][0], verifier=verifier, signature_method=SIGNATURE_HMAC_SHA256)
    status, body = call("POST", base + "oauth/token/access", client)
    say(step="access-token", status=status, body=body)
    if status != 200:
        return
    access = parse_qs(body)
    client = Client(key, client_secret=secret, resource_owner_key=access["oauth_token"][0],
                    resource_owner_secret=access["oauth_token_secret"][0], signature_method=SIGNATURE_HMAC_SHA256)
    # The calls named on the command line ("GET rest/V1/orders?…"), else one signed storeViews call.
    for spec in CALLS or ["GET rest/V1/store/storeViews?searchCriteria%5BpageSize%5D=10"]:
        method, path = spec.split(" ", 1)
        status, body = call(method, base + path, client, body="" if method in ("POST", "PUT") else None)
        say(step="api-call", call=spec, status=status, body=body)


class App(BaseHTTPRequestHandler):
    def do_POST(self):
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()).items()}
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"OK")
        threading.Thread(target=exchange, args=(form,)).start()

    def do_GET(self):
        query = parse_qs(urlparse(self.path).query)
        self.send_response(302)
        self.send_header("Location", query["success_call_back"][0])
        self.end_headers()

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), App)
say(port=server.server_address[1])
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()  # runs until the test closes stdin
