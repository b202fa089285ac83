"""An integration app's token exchange and signed call made with requests-oauthlib (Debian package
python3-requests-oauthlib). Arguments: store base URL, consumer key, consumer secret, verifier.
Prints one JSON line per step."""
import json
import sys

from oauthlib.oauth1 import SIGNATURE_HMAC_SHA256
from requests_oauthlib import OAuth1Session

base, key, secret, verifier = sys.argv[1:5]


def say(**fields):
    print(json.dumps(fields), flush=True)


session = OAuth1Session(key, client_secret=secret, signature_method=SIGNATURE_HMAC_SHA256)
request = session.fetch_request_token(base + "oauth/token/request")
say(step="request-token", ok="oauth_token" in request)
session = OAuth1Session(key, client_secret=secret, resource_owner_key=request["oauth_token"],
                        resource_owner_secret=request["oauth_token_secret"], verifier=verifier, signature_method=SIGNATURE_HMAC_SHA256)
access = session.fetch_access_token(base + "oauth/token/access")
say(step="access-token", ok="oauth_token" in access)
session = OAuth1Session(key, client_secret=secret, resource_owner_key=access["oauth_token"],
                        resource_owner_secret=access["oauth_token_secret"], signature_method=SIGNATURE_HMAC_SHA256)
answer = session.get(base + "rest/V1/store/storeViews", params={"searchCriteria[pageSize]": "10"}, headers={"Accept": "application/json"})
say(step="api-call", ok=answer.status_code == 200, status=answer.status_code)
