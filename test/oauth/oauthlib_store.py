"""A minimal Magento stand-in whose OAuth 1.0a checks are done by oauthlib, for the cross-check of our
callback receiver (connect). It POSTs the activation form to the callback URL given as argv[1], then
serves the token endpoints and GET rest/V1/store/storeViews, verifying every signature with oauthlib's
HMAC-SHA256. It prints one JSON line per request it verified. Run with Debian's python3.
"""
import json
import secrets
import string
import sys
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from oauthlib.common import Request
from oauthlib.oauth1.rfc5849 import signature, utils

ALPHABET = string.digits + string.ascii_lowercase
token = lambda: "".join(secrets.choice(ALPHABET) for _ in range(32))
consumer = {"key": token(), "secret": token(), "verifier": token()}
tokens = {}  # token -> (secret, kind)


SAY_LOCK = threading.Lock()


def say(**fields):
    # One whole line per call: the HTTP server's threads must not interleave their lines (a busy machine did).
    with SAY_LOCK:
        sys.stdout.write(json.dumps(fields) + "\n")
        sys.stdout.flush()


class Store(BaseHTTPRequestHandler):
    def handle_any(self, method):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length).decode() if length else ""
        uri = "http://" + self.headers["Host"] + self.path
        headers = {"Authorization": self.headers.get("Authorization", "")}
        oauth = {k: urllib.parse.unquote(v) for k, v in utils.parse_authorization_header(headers["Authorization"])}
        request = Request(uri, http_method=method, body=body, headers=headers)
        request.params = signature.collect_parameters(uri_query=urllib.parse.urlparse(uri).query, headers=headers, exclude_oauth_signature=True)
        request.signature = oauth.get("oauth_signature")
        path = urllib.parse.urlparse(self.path).path
        owner_secret = tokens.get(oauth.get("oauth_token"), ("", ""))[0]
        valid = oauth.get("oauth_consumer_key") == consumer["key"] and signature.verify_hmac_sha256(request, consumer["secret"], owner_secret)
        say(path=path, valid=valid)
        if not valid:
            return self.reply(401, "oauth_problem=The+signature+is+invalid.+Verify+and+try+again.")
        if path == "/oauth/token/request":
            new, secret = token(), token()
            tokens[new] = (secret, "request")
            return self.reply(200, urllib.parse.urlencode({"oauth_token": new, "oauth_token_secret": secret}))
        if path == "/oauth/token/access":
            if tokens.get(oauth.get("oauth_token"), ("", ""))[1] != "request" or oauth.get("oauth_verifier") != consumer["verifier"]:
                return self.reply(401, "oauth_problem=Token+verifier+and+verifier+token+do+not+match")
            new, secret = token(), token()
            tokens[new] = (secret, "access")
            return self.reply(200, urllib.parse.urlencode({"oauth_token": new, "oauth_token_secret": secret}))
        if path == "/rest/V1/store/storeViews" and tokens.get(oauth.get("oauth_token"), ("", ""))[1] == "access":
            return self.reply(200, json.dumps([{"id": 1, "code": "default"}]))
        return self.reply(404, "{}")

    def reply(self, status, text):
        self.send_response(status)
        self.end_headers()
        self.wfile.write(text.encode())

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Store)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = "http://127.0.0.1:%d/" % server.server_address[1]
form = urllib.parse.urlencode({"oauth_consumer_key": consumer["key"], "oauth_consumer_secret": consumer["secret"],
                               "store_base_url": base, "oauth_verifier": consumer["verifier"]}).encode()
with urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=form, method="POST"), timeout=5) as response:
    say(activation=response.status)
sys.stdin.read()  # serves until the test closes stdin
