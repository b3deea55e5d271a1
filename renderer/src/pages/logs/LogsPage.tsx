import { Tabs } from '@mantine/core';
import { IconMessage, IconPhone, IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Page } from '../../components/Page';
import { hrefOf, useHashParam } from '../../router/hash-route';
import { useCan } from '../../session/use-can';
import { AuditLog } from './AuditLog';
import { CommLog } from './CommLog';

type Tab = 'samtal' | 'sms' | 'granskning';

/** `#/loggar?logg=samtal|sms|granskning`: the tab is part of the address, so Back and links work. */
export function LogsPage() {
  const { t } = useTranslation();
  const isAdmin = useCan('audit.list');
  const param = useHashParam('logg');
  const tabs: Tab[] = isAdmin ? ['samtal', 'sms', 'granskning'] : ['samtal', 'sms'];
  const tab: Tab = tabs.includes(param as Tab) ? (param as Tab) : 'samtal';

  return (
    <Page title={t('logs.title')}>
      <Tabs
        value={tab}
        onChange={(next) => {
          if (next) window.location.hash = `${hrefOf('loggar')}?logg=${next}`;
        }}
        keepMounted={false}
      >
        <Tabs.List aria-label={t('logs.tabsLabel')}>
          <Tabs.Tab value="samtal" leftSection={<IconPhone size={16} aria-hidden />}>
            {t('logs.tabs.calls')}
          </Tabs.Tab>
          <Tabs.Tab value="sms" leftSection={<IconMessage size={16} aria-hidden />}>
            {t('logs.tabs.sms')}
          </Tabs.Tab>
          {isAdmin ? (
            <Tabs.Tab value="granskning" leftSection={<IconShieldCheck size={16} aria-hidden />}>
              {t('logs.tabs.audit')}
            </Tabs.Tab>
          ) : null}
        </Tabs.List>
        <Tabs.Panel value="samtal" pt="md">
          <CommLog channel="voice" />
        </Tabs.Panel>
        <Tabs.Panel value="sms" pt="md">
          <CommLog channel="sms" />
        </Tabs.Panel>
        {isAdmin ? (
          <Tabs.Panel value="granskning" pt="md">
            <AuditLog />
          </Tabs.Panel>
        ) : null}
      </Tabs>
    </Page>
  );
}
