/**
 * A trigger rule's editor: what an alarm must say (sender, event, area, CAP severities and
 * urgencies, free text; empty matches anything), the template its call-out is built from, and
 * whether it launches at once. Asks before unsaved changes are thrown away, as the other editors do.
 */
import { Alert, Button, Checkbox, Group, Modal, NativeSelect, NumberInput, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { capSeveritySchema, capUrgencySchema } from '@contract';
import type { MethodInput, Template, TriggerRule } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldError } from '../../components/error-text';
import type { TriggerMessages } from '../../i18n/sv-triggers';
import { useUnsavedGuard } from '../../components/use-unsaved-guard';

type Fields = MethodInput<'triggers.createRule'>;
type Severity = NonNullable<Fields['severities']>[number];
type Urgency = NonNullable<Fields['urgencies']>[number];

interface Props {
  /** null: a new rule. */
  rule: TriggerRule | null;
  /** Where a new rule goes: after the last one. */
  nextPosition: number;
  templates: Template[];
  onClose: () => void;
  onSaved: (saved: TriggerRule, created: boolean) => void;
}

function initial(rule: TriggerRule | null, nextPosition: number): Fields {
  if (!rule) {
    return { name: '', enabled: true, position: nextPosition, sender: '', event: '', area: '', severities: [], urgencies: [], textMatch: '', templateId: 0, launchAtOnce: false };
  }
  const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = rule;
  return fields;
}

/** Mounted only while open, so every opening starts from the rule's current values. */
export function TriggerRuleFormModal({ rule, nextPosition, templates, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [opened] = useState(() => initial(rule, nextPosition));
  const [fields, setFields] = useState<Fields>(opened);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const guard = useUnsavedGuard(!busy && JSON.stringify(fields) !== JSON.stringify(opened));
  const close = () => guard.confirmDiscard(onClose);
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => setFields((f) => ({ ...f, [key]: value }));
  const f = <K extends keyof TriggerMessages['rules']['fields']>(key: K) => `integrations.triggers.rules.fields.${key}` as const;
  const missingTemplate = !templates.some((x) => x.id === fields.templateId);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setChecked(true);
    if (!fields.name.trim() || missingTemplate) return;
    setBusy(true);
    setError(null);
    try {
      const saved = rule ? await api.call('triggers.updateRule', { id: rule.id, ...fields }) : await api.call('triggers.createRule', fields);
      onSaved(saved, !rule);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const templateOptions = [
    { value: '', label: t('integrations.triggers.rules.fields.templatePick'), disabled: true },
    ...templates.map((x) => ({ value: String(x.id), label: x.name })),
  ];
  return (
    <>
      <Modal
        opened
        onClose={close}
        size="xl"
        title={rule ? t('integrations.triggers.rules.editTitle') : t('integrations.triggers.rules.createTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack>
            <ErrorAlert error={error} />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label={t(f('name'))}
                required
                maxLength={100}
                value={fields.name}
                onChange={(e) => set('name', e.currentTarget.value)}
                error={(checked && !fields.name.trim() && t('common.required')) || fieldError(error, 'name')}
                data-autofocus
              />
              <NumberInput
                label={t(f('position'))}
                description={t(f('positionHint'))}
                min={0}
                max={10_000}
                allowDecimal={false}
                allowNegative={false}
                value={fields.position}
                onChange={(v) => set('position', typeof v === 'number' ? v : Number(v) || 0)}
                error={fieldError(error, 'position')}
              />
              <Switch
                mt="lg"
                label={t(f('enabled'))}
                description={t(f('enabledHint'))}
                checked={fields.enabled}
                onChange={(e) => set('enabled', e.currentTarget.checked)}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput label={t(f('sender'))} description={t(f('senderHint'))} maxLength={200} value={fields.sender} onChange={(e) => set('sender', e.currentTarget.value)} error={fieldError(error, 'sender')} />
              <TextInput label={t(f('event'))} description={t(f('eventHint'))} maxLength={200} value={fields.event} onChange={(e) => set('event', e.currentTarget.value)} error={fieldError(error, 'event')} />
              <TextInput label={t(f('area'))} description={t(f('areaHint'))} maxLength={200} value={fields.area} onChange={(e) => set('area', e.currentTarget.value)} error={fieldError(error, 'area')} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Checkbox.Group label={t(f('severities'))} description={t(f('severitiesHint'))} value={fields.severities} onChange={(v) => set('severities', v as Severity[])}>
                <Group gap="sm" mt={6}>
                  {capSeveritySchema.options.map((v) => (
                    <Checkbox key={v} value={v} label={`${t(`integrations.triggers.severity.${v}`)} (${v})`} />
                  ))}
                </Group>
              </Checkbox.Group>
              <Checkbox.Group label={t(f('urgencies'))} description={t(f('urgenciesHint'))} value={fields.urgencies} onChange={(v) => set('urgencies', v as Urgency[])}>
                <Group gap="sm" mt={6}>
                  {capUrgencySchema.options.map((v) => (
                    <Checkbox key={v} value={v} label={`${t(`integrations.triggers.urgency.${v}`)} (${v})`} />
                  ))}
                </Group>
              </Checkbox.Group>
            </SimpleGrid>
            <TextInput label={t(f('textMatch'))} description={t(f('textMatchHint'))} maxLength={200} value={fields.textMatch} onChange={(e) => set('textMatch', e.currentTarget.value)} error={fieldError(error, 'textMatch')} />
            <NativeSelect
              label={t(f('template'))}
              description={t(f('templateHint'))}
              required
              value={missingTemplate ? '' : String(fields.templateId)}
              onChange={(e) => set('templateId', Number(e.currentTarget.value))}
              data={templateOptions}
              error={(checked && missingTemplate && t('common.required')) || fieldError(error, 'templateId')}
            />
            <Switch
              label={t(f('launchAtOnce'))}
              description={t(f('launchAtOnceHint'))}
              color="red"
              checked={fields.launchAtOnce}
              onChange={(e) => set('launchAtOnce', e.currentTarget.checked)}
              aria-describedby="launch-at-once-warning"
            />
            {/* Said always, stressed when on: launching at once skips the operator, not the checks. */}
            <Alert
              id="launch-at-once-warning"
              color={fields.launchAtOnce ? 'orange' : 'gray'}
              variant="light"
              icon={<IconAlertTriangle aria-hidden />}
              data-testid="launch-at-once-warning"
            >
              {t(f('launchAtOnceWarning'))}
            </Alert>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy}>
                {rule ? t('common.save') : t('common.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      {/* Beside the modal, not in it: its Escape must not reach the form's modal as well. */}
      {guard.prompt}
    </>
  );
}
