import { Alert, List, Table } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, Preflight, Settings } from '@contract';
import { formatCount, formatDecimal, formatDuration, formatMoney } from '../../../i18n/format';

type Warning = Preflight['warnings'][number];

// The params each translated warning needs, and which of them picks the plural form.
const WARNING_PARAMS: Record<string, string[]> = {
  unreachable: ['count'],
  sms_long: ['segments'],
  needs_approval: ['threshold'],
  public_url_unhealthy: ['error'],
  shared_numbers: ['count', 'number', 'names'],
};
const WARNING_COUNT: Record<string, string> = { unreachable: 'count', sms_long: 'segments', shared_numbers: 'count' };

interface Props {
  preflight: Preflight;
  channels: Channel[];
  /** For the pace behind the time estimate; the estimate alone when not loaded. */
  settings: Settings | undefined;
}

/** What the launch would do, in the engine's numbers: who, how, how long, how much. */
export function PreflightSummary({ preflight: pf, channels, settings }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const n = (v: number) => formatCount(v, lang);
  const duration = formatDuration(pf.etaSeconds, lang);
  const voice = channels.includes('voice');
  const eta = !settings
    ? duration
    : voice
      ? t('wizard.preflight.etaCalls', { rate: formatDecimal(settings.callsPerSecond, lang), duration })
      : t('wizard.preflight.etaSms', { rate: formatDecimal(settings.smsSegmentsPerSecond, lang), duration });

  const rows: [string, ReactNode, string][] = [
    [t('wizard.preflight.recipients'), n(pf.recipients), 'recipients'],
    [t('wizard.preflight.withVoice'), n(pf.withVoice), 'withVoice'],
    [t('wizard.preflight.withSms'), n(pf.withSms), 'withSms'],
    [t('wizard.preflight.numbers'), t('wizard.preflight.numberKinds', { mobile: n(pf.mobile), landline: n(pf.landline), other: n(pf.otherNumbers) }), 'numbers'],
    [t('wizard.preflight.optedOut'), n(pf.optedOut), 'optedOut'],
    [t('wizard.preflight.unreachable'), n(pf.unreachable), 'unreachable'],
    [t('wizard.preflight.inactiveSkipped'), n(pf.inactiveSkipped), 'inactiveSkipped'],
    [t('wizard.preflight.smsSegments'), n(pf.smsSegments), 'smsSegments'],
    [t('wizard.preflight.eta'), eta, 'eta'],
    [t('wizard.preflight.cost'), formatMoney(pf.estimatedCost.amount, pf.estimatedCost.currency, lang), 'cost'],
  ];

  /** By the engine's code, with its params; an unknown code (or one without them) shows the engine's text. */
  function warningText(w: Warning): string {
    const key = `wizard.preflight.warnings.${w.code}` as const;
    const params = w.params ?? {};
    const needs = WARNING_PARAMS[w.code] ?? [];
    const known = i18n.exists(key) || i18n.exists(`${key}_other`);
    if (!known || needs.some((p) => params[p] === undefined)) return w.text;
    // Numbers as the language writes them ("1 000"); `count` stays a number to pick the plural.
    const values: Record<string, string> = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'number' ? n(v) : v]));
    const by = WARNING_COUNT[w.code];
    const count = by ? Number(params[by]) : undefined;
    const options: { count?: number; formatted?: string } = { ...values, ...(count !== undefined ? { count, formatted: n(count) } : {}) };
    // The warnings are a Record by code, so the typed t cannot narrow its result to a string.
    return String(t(key, options));
  }

  return (
    <>
      <Table className="gdial-kv" withTableBorder variant="vertical" data-testid="preflight" aria-label={t('wizard.preflight.tableLabel')}>
        <Table.Tbody>
          {rows.map(([label, value, key]) => (
            <Table.Tr key={key}>
              <Table.Th scope="row">{label}</Table.Th>
              <Table.Td data-testid={`preflight-${key}`}>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {pf.warnings.length > 0 ? (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('wizard.preflight.warningsTitle')} data-testid="preflight-warnings">
          <List size="sm">
            {pf.warnings.map((w) => (
              <List.Item key={w.code} data-code={w.code}>
                {warningText(w)}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
    </>
  );
}
