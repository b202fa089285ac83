<?php
// The admin's Activate (or Reauthorize) of one integration, from the CLI, for the real-store suite:
// Magento's own OauthService::postToConsumer makes the verifier and POSTs the credentials to the endpoint.
// Usage: php activate.php MAGENTO_ROOT NAME [reauthorize]; prints {"consumer_id":…} or {"error":…} (exit 1).
use Magento\Framework\App\Bootstrap;

[$root, $name] = [rtrim($argv[1] ?? '', '/'), $argv[2] ?? ''];
require $root . '/app/bootstrap.php';
$objects = Bootstrap::create(BP, $_SERVER)->getObjectManager();
// "crontab": Adobe Commerce's adminhtml area cannot be started from the CLI (a circular dependency in Magento_Logging).
$objects->get(\Magento\Framework\App\State::class)->setAreaCode('crontab');
$integrations = $objects->get(\Magento\Integration\Api\IntegrationServiceInterface::class);
$oauth = $objects->get(\Magento\Integration\Api\OauthServiceInterface::class);
try {
    $integration = $integrations->findByName($name);
    if (!$integration->getId()) {
        throw new RuntimeException("no integration named $name");
    }
    if (($argv[3] ?? '') === 'reauthorize') {
        $oauth->deleteIntegrationToken($integration->getConsumerId());
    }
    $oauth->postToConsumer($integration->getConsumerId(), $integration->getEndpoint());
    echo json_encode(['consumer_id' => (int)$integration->getConsumerId()]), "\n";
} catch (Throwable $e) {
    echo json_encode(['error' => get_class($e) . ': ' . $e->getMessage()]), "\n";
    exit(1);
}
