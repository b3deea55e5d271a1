import { Alert, Button, Fieldset, Group, List, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useLayoutEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '@contract';
import { isApiError } from '../../api/api-error';
import { useApi } from '../../api/ApiProvider';
import { Announcer } from '../../components/Announcer';
import { ErrorAlert } from '../../components/ErrorAlert';
import { draftOf, planSave } from './contact-draft';
import type { ContactDraft } from './contact-draft';
import { ContactFields } from './ContactFields';
import { NumbersEditor } from './NumbersEditor';

interface Props {
  /** null: a new contact. */
  contact: Contact | null;
  canEdit: boolean;
  knownTags: string[];
  onClose: () => void;
  /** Cancel: the drawer asks first when something is unsaved (use-unsaved-guard). */
  onCancel?: () => void;
  /** Whether the draft differs from what the editor opened with. */
  onDirtyChange?: (dirty: boolean) => void;
}

const NUMBER_PATH = /^numbers\.(\d+)\.number$/;

/** Mounted once the contact is loaded, so the draft starts from its current values. */
export function ContactEditor({ contact, canEdit, knownTags, onClose, onCancel, onDirtyChange }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [current, setCurrent] = useState(contact);
  const [draft, setDraft] = useState<ContactDraft>(() => draftOf(contact));
  const [openedWith] = useState(draft);
  const dirty = JSON.stringify(draft) !== JSON.stringify(openedWith);
  // Before paint, so the drawer knows by the time the next key arrives.
  useLayoutEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);
  const [error, setError] = useState<unknown>(null);
  const [numberErrors, setNumberErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const readOnly = !canEdit;

  const change = (patch: Partial<ContactDraft>) => setDraft((d) => ({ ...d, ...patch }));

  function changeNumbers(numbers: ContactDraft['numbers']): void {
    // A refusal belongs to the text that was refused: editing that number clears it.
    setNumberErrors((errors) => {
      const kept = new Map(errors);
      for (const n of numbers) {
        const before = draft.numbers.find((x) => x.key === n.key);
        if (before && before.number !== n.number) kept.delete(n.key);
      }
      return kept;
    });
    change({ numbers });
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setChecked(true);
    if (!draft.name.trim()) return;
    const plan = planSave(current, draft);
    if (plan.kind === 'unchanged') {
      notifications.show({ color: 'gray', message: t('contactForm.unchanged') });
      onClose();
      return;
    }
    setBusy(true);
    setError(null);
    setNumberErrors(new Map());
    try {
      const saved =
        plan.kind === 'create' || !current
          ? await api.call('contacts.create', { ...plan.input, name: draft.name.trim() })
          : await api.call('contacts.update', { id: current.id, expectedUpdatedAt: current.updatedAt, ...plan.input });
      notifications.show({ color: 'teal', message: t(current ? 'contactForm.saved' : 'contactForm.created', { name: saved.name }) });
      onClose();
    } catch (err) {
      setError(err);
      if (isApiError(err)) {
        const byKey = new Map<string, string>();
        for (const f of err.fields) {
          const index = NUMBER_PATH.exec(f.path)?.[1];
          const key = index === undefined ? undefined : plan.sentKeys[Number(index)];
          if (key) byKey.set(key, f.message);
        }
        setNumberErrors(byKey);
      }
      setBusy(false);
    }
  }

  async function toggleActive(): Promise<void> {
    if (!current) return;
    setBusy(true);
    setError(null);
    try {
      const next = await api.call('contacts.setActive', { id: current.id, active: !current.active });
      setCurrent(next);
      const message = t(next.active ? 'contactForm.activated' : 'contactForm.deactivated', { name: next.name });
      setAnnouncement(message);
      notifications.show({ color: 'teal', message });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack>
        <ErrorAlert error={error} />
        {current && !current.active ? (
          <Alert color="gray" variant="light">
            {t('contactForm.inactiveNotice')}
          </Alert>
        ) : null}
        <ContactFields
          draft={draft}
          onChange={change}
          readOnly={readOnly}
          error={error}
          nameMissing={checked && !draft.name.trim()}
          knownTags={knownTags}
        />
        <Fieldset legend={<Text component="span" fw={600} size="sm">{t('contactForm.numbers')}</Text>} variant="unstyled">
          <Text size="sm" c="dimmed" mb="xs">
            {t('contactForm.numbersHint')}
          </Text>
          <NumbersEditor numbers={draft.numbers} onChange={changeNumbers} errors={numberErrors} readOnly={readOnly} announce={setAnnouncement} contactId={current?.id} />
        </Fieldset>
        {current ? (
          <div>
            <Text fw={600} size="sm">
              {t('contactForm.groups')}
            </Text>
            {current.groups.length ? (
              <List size="sm">
                {current.groups.map((g) => (
                  <List.Item key={g.id}>{g.name}</List.Item>
                ))}
              </List>
            ) : (
              <Text size="sm" c="dimmed">
                {t('contactForm.noGroups')}
              </Text>
            )}
          </div>
        ) : null}
        <Group justify="space-between">
          {current && canEdit ? (
            <Button variant="default" onClick={() => void toggleActive()} disabled={busy}>
              {current.active ? t('contactForm.deactivate') : t('contactForm.activate')}
            </Button>
          ) : (
            <span />
          )}
          <Group>
            <Button variant="default" onClick={onCancel ?? onClose}>
              {canEdit ? t('common.cancel') : t('common.close')}
            </Button>
            {canEdit ? (
              <Button type="submit" loading={busy}>
                {current ? t('common.save') : t('common.create')}
              </Button>
            ) : null}
          </Group>
        </Group>
      </Stack>
      <Announcer message={announcement} />
    </form>
  );
}
