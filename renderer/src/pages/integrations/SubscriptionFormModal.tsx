import { Button, Checkbox, Group, Modal, NativeSelect, Stack, Switch, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { webhookEventTypes } from '@contract';
import type { Subscription } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldError } from '../../components/error-text';
import { eventNameKey } from './webhook-event-names';

type Scope = Subscription['scope'];
type EventType = Subscription['events'][number];

interface Props {
  /** null: a new subscription. */
  subscription: Subscription | null;
  onClose: () => void;
  /** `secret` only for a new one: shown once. */
  onSaved: (saved: Subscription, secret: string | null) => void;
}

/** Create or change a subscription: name, URL, events, which alerts, paused or not. Mounted only while open. */
export function SubscriptionFormModal({ subscription, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [name, setName] = useState(subscription?.name ?? '');
  const [url, setUrl] = useState(subscription?.url ?? 'https://');
  const [events, setEvents] = useState<EventType[]>(subscription?.events ?? ['alert.launched', 'alert.finished']);
  const [scope, setScope] = useState<Scope>(subscription?.scope ?? 'all');
  const [enabled, setEnabled] = useState(subscription?.enabled ?? true);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const missing = (value: string) => checked && !value.trim() && t('common.required');

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setChecked(true);
    if (!name.trim() || !url.trim() || events.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const fields = { name, url: url.trim(), events, scope, enabled };
      if (subscription) onSaved(await api.call('subscriptions.update', { id: subscription.id, ...fields }), null);
      else {
        const created = await api.call('subscriptions.create', fields);
        onSaved(created.subscription, created.secret);
      }
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={subscription ? t('integrations.webhooksOut.editTitle', { name: subscription.name }) : t('integrations.webhooksOut.createTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      size="lg"
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <ErrorAlert error={error} />
          <TextInput
            label={t('integrations.webhooksOut.name')}
            description={t('integrations.webhooksOut.nameHint')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={missing(name) || fieldError(error, 'name')}
            data-autofocus
          />
          <TextInput
            label={t('integrations.webhooksOut.url')}
            description={t('integrations.webhooksOut.urlHint')}
            required
            type="url"
            spellCheck={false}
            autoCapitalize="none"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={missing(url) || fieldError(error, 'url')}
          />
          <Checkbox.Group
            label={t('integrations.webhooksOut.events')}
            description={t('integrations.webhooksOut.eventsHint')}
            required
            value={events}
            onChange={(v) => setEvents(v as EventType[])}
            error={(checked && events.length === 0 && t('integrations.webhooksOut.eventsRequired')) || fieldError(error, 'events')}
          >
            <Stack gap={6} mt={6}>
              {webhookEventTypes.map((type) => (
                <Checkbox key={type} value={type} label={t(`integrations.webhooksOut.eventNames.${eventNameKey(type)!}`)} />
              ))}
            </Stack>
          </Checkbox.Group>
          <NativeSelect
            label={t('integrations.webhooksOut.scope')}
            description={t('integrations.webhooksOut.scopeHint')}
            value={scope}
            onChange={(e) => setScope(e.currentTarget.value as Scope)}
            data={(['all', 'live', 'drill'] as const).map((s) => ({ value: s, label: t(`integrations.webhooksOut.scopes.${s}`) }))}
            error={fieldError(error, 'scope')}
          />
          <Switch label={t('integrations.webhooksOut.enabled')} description={t('integrations.webhooksOut.enabledHint')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {subscription ? t('integrations.webhooksOut.save') : t('integrations.webhooksOut.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
