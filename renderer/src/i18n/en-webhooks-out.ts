/** English texts of outgoing webhook subscriptions and deliveries (integrations.webhooksOut in en.ts). */
export const enWebhooksOutTexts = {};
