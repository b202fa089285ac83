// Magento_WebapiAsync serves every POST, PUT and DELETE route of webapi.xml twice more, under the same
// resources, and queues the call instead of running it: `/async/V1/…` takes one body, `/async/bulk/V1/…` an
// array of them, with each `:param` of the URL written as a literal `byParam` and given in every body
// (Magento\WebapiAsync\Model\BulkServiceConfig). The queue runs only while the consumer below does.
// Shared by the server (route index, mock store, CLI) and the editor's pickers.

/** The message-queue consumer that runs queued web API calls (bin/magento queue:consumers:start …). */
export const ASYNC_CONSUMER = 'async.operations.all';

/** What a developer is told about every queued call. */
export const QUEUED_NOTE = `Magento queues the call and answers 202 with a bulk_uuid; it runs only while the ${ASYNC_CONSUMER} consumer runs (bin/magento queue:consumers:start ${ASYNC_CONSUMER}, or cron's consumers_runner), and GET /V1/bulk/:bulkUuid/status reports it (Magento_Logging::system_magento_logging_bulk_operations).`;

/** `/V1/products/:sku/media/:entryId` → `/V1/products/bySku/media/byEntryId`, as BulkServiceConfig writes it. */
export function bulkUrl(url: string): string {
  return url.replace(/\/:(\w+)/g, (_, name: string) => `/by${name.charAt(0).toUpperCase()}${name.slice(1)}`);
}

/** The queued forms of a route (none for GET, which Magento never queues). */
export function queuedForms(route: { method: string; url: string }): { async: string; bulk: string } | undefined {
  if (route.method.toUpperCase() === 'GET') return undefined;
  return { async: `/async${route.url}`, bulk: `/async/bulk${bulkUrl(route.url)}` };
}
