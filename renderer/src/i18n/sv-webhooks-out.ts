/** Swedish texts of outgoing webhook subscriptions and deliveries (integrations.webhooksOut in sv.ts). */
export const svWebhooksOutTexts = {};
