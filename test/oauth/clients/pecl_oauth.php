<?php
// An integration app's token exchange and signed call made with PHP's PECL OAuth extension (Debian package
// php-oauth), as Magento's own documentation sample does. Arguments: store base URL, consumer key,
// consumer secret, verifier. Prints one JSON line per step.
[, $base, $key, $secret, $verifier] = $argv;
function say(array $fields): void { echo json_encode($fields), "\n"; }
try {
    $oauth = new OAuth($key, $secret, OAUTH_SIG_METHOD_HMACSHA256, OAUTH_AUTH_TYPE_AUTHORIZATION);
    $request = $oauth->getRequestToken($base . 'oauth/token/request', '', 'POST');
    say(['step' => 'request-token', 'ok' => isset($request['oauth_token'])]);
    $oauth->setToken($request['oauth_token'], $request['oauth_token_secret']);
    $access = $oauth->getAccessToken($base . 'oauth/token/access', '', $verifier, 'POST');
    say(['step' => 'access-token', 'ok' => isset($access['oauth_token'])]);
    $oauth->setToken($access['oauth_token'], $access['oauth_token_secret']);
    $oauth->fetch($base . 'rest/V1/store/storeViews?searchCriteria[pageSize]=10', [], OAUTH_HTTP_METHOD_GET, ['Accept' => 'application/json']);
    $info = $oauth->getLastResponseInfo();
    say(['step' => 'api-call', 'ok' => $info['http_code'] === 200, 'status' => $info['http_code']]);
} catch (OAuthException $e) {
    say(['step' => 'error', 'ok' => false, 'message' => $e->getMessage(), 'response' => $e->lastResponse ?? null]);
    exit(1);
}
