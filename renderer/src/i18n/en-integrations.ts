/** English texts of the Integrations page's frame; each part has its own file (spread into en.ts). */
import { enApiTexts } from './en-api';
import { enTriggerTexts } from './en-triggers';
import { enWebhooksOutTexts } from './en-webhooks-out';

export const enIntegrations = {
  title: 'Integrations',
  tabsLabel: 'Parts of the integrations',
  tabs: {
    forslag: 'Proposed alerts',
    regler: 'Rules for inbound alarms',
    kallor: 'Sources',
    nycklar: 'API keys',
    webhooks: 'Outgoing webhooks',
    api: 'API documentation',
  },
  api: enApiTexts,
  triggers: enTriggerTexts,
  webhooksOut: enWebhooksOutTexts,
};
