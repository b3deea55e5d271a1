import { Accordion, Anchor, Badge, Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiProvider';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Section } from '../../components/Section';
import { useLoad } from '../../components/use-load';
import { byDomain, curlOf, methodsOf, type DocMethod } from './api-docs-model';

/** Where other systems reach this engine: its own HTTP address, or the page's when served over HTTP. */
function baseOf(listen: string | undefined): string {
  if (listen?.startsWith('http')) return listen;
  return window.location.protocol.startsWith('http') ? window.location.origin : 'http://127.0.0.1:7420';
}

/** A launch an integrator can adapt: a title, texts, channels and a group. */
const LAUNCH_EXAMPLE = {
  draft: {
    title: 'Brand i Åby',
    voiceText: 'Brand i Åby industriområde. Samling vid stationen.',
    smsText: 'Brand i Åby industriområde. Samling vid stationen.',
    channels: ['voice', 'sms'],
    groupIds: [1],
  },
};

/** The method's one-line description in the console's language (the document's English when missing). */
function useSummary() {
  const { t } = useTranslation();
  // The key is built from the document's method names, which the typed keys cannot know.
  const text = t as unknown as (key: string, options: { defaultValue: string }) => string;
  return (m: DocMethod) => text(`integrations.api.docs.summaries.${m.method}`, { defaultValue: m.summary });
}

function MethodDoc({ m, base }: { m: DocMethod; base: string }) {
  const { t } = useTranslation();
  const summary = useSummary();
  const id = `api-method-${m.method.replace('.', '-')}`;
  return (
    <section aria-labelledby={id}>
      <Stack gap={6} py="xs">
        <Group gap="xs">
          <Title order={4} id={id}>
            <Code fz="sm">{m.method}</Code>
          </Title>
          <Badge variant="light" tt="none" aria-label={`${t('integrations.api.docs.role')}: ${t(`roles.${m.role}`, { defaultValue: m.role })}`}>
            {t(`roles.${m.role}`, { defaultValue: m.role })}
          </Badge>
        </Group>
        <Text size="sm">{summary(m)}</Text>
        <Text size="sm">
          {t('integrations.api.docs.path')}: <Code>{`${m.verbs.join(' | ')} ${m.path}`}</Code>
        </Text>
        {m.idempotencyHeader ? <Text size="sm">{t('integrations.api.docs.idempotency')}</Text> : null}
        {m.xmlBody ? <Text size="sm">{t('integrations.api.docs.xmlBody')}</Text> : null}
        {m.fields.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('integrations.api.docs.noFields')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table withTableBorder fz="sm" aria-label={`${t('integrations.api.docs.fields')}: ${m.method}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('integrations.api.docs.field')}</Table.Th>
                  <Table.Th scope="col">{t('integrations.api.docs.type')}</Table.Th>
                  <Table.Th scope="col">{t('integrations.api.docs.required')}</Table.Th>
                  <Table.Th scope="col">{t('integrations.api.docs.defaultValue')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {m.fields.map((f) => (
                  <Table.Tr key={f.name}>
                    <Table.Td>
                      <Code>{f.name}</Code>
                    </Table.Td>
                    <Table.Td>{f.type}</Table.Td>
                    <Table.Td>{f.required ? t('common.yes') : t('common.no')}</Table.Td>
                    <Table.Td>{f.defaultValue === null ? '' : <Code>{f.defaultValue}</Code>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Code block tabIndex={0} aria-label={`${t('integrations.api.docs.example')}: ${m.method}`}>
          {curlOf(base, m)}
        </Code>
      </Stack>
    </section>
  );
}

/** The API's documentation, read from its OpenAPI document: per domain, each method with its path, role, input and a curl example. */
export function ApiDocsPanel() {
  const { t } = useTranslation();
  const api = useApi();
  const loaded = useLoad(
    useCallback(async () => {
      const [document, info] = await Promise.all([api.call('system.apiDocument', {}), api.call('system.info', {}).catch(() => null)]);
      return { methods: methodsOf(document), base: baseOf(info?.listen) };
    }, [api]),
  );
  const summary = useSummary();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<string[]>([]);
  const q = query.trim().toLowerCase();
  const domains = byDomain(loaded.data?.methods.filter((m) => !q || m.method.toLowerCase().includes(q) || summary(m).toLowerCase().includes(q)) ?? []);

  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  if (!loaded.data) return <Loading />;
  const { base, methods } = loaded.data;
  const list = methods.find((m) => m.method === 'alerts.list');
  const launch = methods.find((m) => m.method === 'alerts.launch');

  return (
    <Stack gap="lg">
      <Text>{t('integrations.api.docs.intro')}</Text>
      <Text size="sm">
        {t('integrations.api.docs.openapiHint')}{' '}
        <Anchor href={`${base}/api/v1/openapi.json`} target="_blank" rel="noreferrer">
          {t('integrations.api.docs.openapi')}
        </Anchor>{' '}
        <Code>{`${base}/api/v1/openapi.json`}</Code>
      </Text>
      <Section id="api-docs-examples" title={t('integrations.api.docs.example')}>
        {list ? (
          <Stack gap={4}>
            <Text size="sm">{t('integrations.api.docs.exampleList')}</Text>
            <Code block tabIndex={0} aria-label={t('integrations.api.docs.exampleList')}>
              {curlOf(base, list)}
            </Code>
          </Stack>
        ) : null}
        {launch ? (
          <Stack gap={4}>
            <Text size="sm">{t('integrations.api.docs.exampleLaunch')}</Text>
            <Code block tabIndex={0} aria-label={t('integrations.api.docs.exampleLaunch')}>
              {curlOf(base, launch, LAUNCH_EXAMPLE)}
            </Code>
          </Stack>
        ) : null}
        <Text size="sm">
          <strong>{t('integrations.api.docs.statuses')}:</strong> {t('integrations.api.docs.statusText')}
        </Text>
        <Text size="sm">{t('integrations.api.docs.rateLimit')}</Text>
      </Section>
      <Section id="api-docs-methods" title={t('integrations.api.docs.methodsTitle')}>
        <TextInput
          label={t('integrations.api.docs.search')}
          description={t('integrations.api.docs.searchHint')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          maw={420}
        />
        {domains.length === 0 ? <Text c="dimmed">{t('integrations.api.docs.noMatch')}</Text> : null}
        <Accordion multiple value={q ? domains.map(([d]) => d) : open} onChange={setOpen} variant="separated" order={3}>
          {domains.map(([domain, items]) => (
            <Accordion.Item key={domain} value={domain}>
              <Accordion.Control>
                <Group gap="xs">
                  <Text fw={600}>{domain}</Text>
                  <Text size="sm" c="dimmed">
                    {t('integrations.api.docs.methodsIn', { count: items.length })}
                  </Text>
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                {items.map((m) => (
                  <MethodDoc key={m.method} m={m} base={base} />
                ))}
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      </Section>
    </Stack>
  );
}
