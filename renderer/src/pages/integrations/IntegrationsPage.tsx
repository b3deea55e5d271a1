import { Tabs } from '@mantine/core';
import { IconApi, IconBook, IconBroadcast, IconKey, IconListCheck, IconWebhook } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { may, type MethodName } from '@contract';
import { Page } from '../../components/Page';
import { hrefOf, useHashParam } from '../../router/hash-route';
import { useSession } from '../../session/session-context';
import { ApiDocsPanel } from './ApiDocsPanel';
import { ApiKeysPanel } from './ApiKeysPanel';
import { ProposalsPanel } from './ProposalsPanel';
import { SourcesPanel } from './SourcesPanel';
import { SubscriptionsPanel } from './SubscriptionsPanel';
import { TriggerRulesPanel } from './TriggerRulesPanel';

type Tab = 'forslag' | 'regler' | 'kallor' | 'nycklar' | 'webhooks' | 'api';

/** Each tab, the method it needs (the contract decides who sees it), its icon and its panel. */
const TABS: ReadonlyArray<{ id: Tab; needs: MethodName; icon: typeof IconApi; Panel: () => ReactNode }> = [
  { id: 'forslag', needs: 'proposals.list', icon: IconBroadcast, Panel: ProposalsPanel },
  { id: 'regler', needs: 'triggers.rules', icon: IconListCheck, Panel: TriggerRulesPanel },
  { id: 'kallor', needs: 'triggers.sources', icon: IconApi, Panel: SourcesPanel },
  { id: 'nycklar', needs: 'apiKeys.list', icon: IconKey, Panel: ApiKeysPanel },
  { id: 'webhooks', needs: 'subscriptions.list', icon: IconWebhook, Panel: SubscriptionsPanel },
  { id: 'api', needs: 'system.apiDocument', icon: IconBook, Panel: ApiDocsPanel },
];

/** `#/integrationer?flik=…`: inbound alarms and their rules, keys, outgoing webhooks and the API's documentation. */
export function IntegrationsPage() {
  const { t } = useTranslation();
  const role = useSession().user?.role;
  const visible = TABS.filter((tab) => may(role, tab.needs));
  const param = useHashParam('flik');
  const tab = visible.find((v) => v.id === param)?.id ?? visible[0]?.id ?? 'forslag';
  return (
    <Page title={t('integrations.title')}>
      <Tabs
        value={tab}
        onChange={(next) => {
          if (next) window.location.hash = `${hrefOf('integrationer')}?flik=${next}`;
        }}
        keepMounted={false}
      >
        <Tabs.List aria-label={t('integrations.tabsLabel')}>
          {visible.map(({ id, icon: Icon }) => (
            <Tabs.Tab key={id} value={id} leftSection={<Icon size={16} aria-hidden />}>
              {t(`integrations.tabs.${id}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {visible.map(({ id, Panel }) => (
          <Tabs.Panel key={id} value={id} pt="md">
            <Panel />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Page>
  );
}
