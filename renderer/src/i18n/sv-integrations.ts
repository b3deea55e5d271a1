/** Swedish texts of the Integrations page's frame; each part has its own file (spread into sv.ts). */
import { svApiTexts } from './sv-api';
import { svTriggerTexts } from './sv-triggers';
import { svWebhooksOutTexts } from './sv-webhooks-out';

export const svIntegrations = {
  title: 'Integrationer',
  tabsLabel: 'Delar av integrationerna',
  tabs: {
    forslag: 'Föreslagna larm',
    regler: 'Regler för inkommande larm',
    kallor: 'Källor',
    nycklar: 'API-nycklar',
    webhooks: 'Webhooks ut',
    api: 'API-dokumentation',
  },
  api: svApiTexts,
  triggers: svTriggerTexts,
  webhooksOut: svWebhooksOutTexts,
};
