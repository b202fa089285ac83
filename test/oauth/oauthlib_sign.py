"""Signs request vectors with oauthlib (an independent OAuth 1.0a implementation) for the tests.

Reads a JSON list of vectors on stdin and prints, for each, the signature oauthlib puts in the
Authorization header (or, for a vector with "header": true, the whole header). Run with Debian's python3 (package python3-oauthlib).
"""
import json
import sys
from urllib.parse import unquote

from oauthlib.oauth1 import Client, SIGNATURE_HMAC_SHA1, SIGNATURE_HMAC_SHA256

results = []
for vector in json.load(sys.stdin):
    client = Client(
        vector["consumerKey"],
        client_secret=vector["consumerSecret"],
        resource_owner_key=vector.get("token"),
        resource_owner_secret=vector.get("tokenSecret"),
        verifier=vector.get("verifier"),
        signature_method=SIGNATURE_HMAC_SHA256 if vector["signatureMethod"] == "HMAC-SHA256" else SIGNATURE_HMAC_SHA1,
        timestamp=vector["timestamp"],
        nonce=vector["nonce"],
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if vector.get("formBody") is not None else {}
    _, signed_headers, _ = client.sign(vector["url"], http_method=vector["method"], body=vector.get("formBody"), headers=headers)
    authorization = signed_headers["Authorization"]
    if vector.get("header"):
        results.append(authorization)
        continue
    signature = authorization.split('oauth_signature="', 1)[1].split('"', 1)[0]
    results.append(unquote(signature))
print(json.dumps(results))
