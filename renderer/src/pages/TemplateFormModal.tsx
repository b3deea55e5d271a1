import { Button, Group, Modal, NativeSelect, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useCallback, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language, Template } from '@contract';
import { useApi } from '../api/ApiProvider';
import { ErrorAlert } from '../components/ErrorAlert';
import { fieldError } from '../components/error-text';
import { SmsTextField } from '../components/SmsTextField';
import { Announcer } from '../components/Announcer';
import { useLoad } from '../components/use-load';
import { useUnsavedGuard } from '../components/use-unsaved-guard';
import { VoicePreview } from '../components/VoicePreview';
import { useUser } from '../session/session-context';
import { TemplateDefaultsFields } from './alerts/launch/TemplateDefaultsFields';
import { usePickedContacts } from './alerts/wizard/use-picked-contacts';
import { alertDefaultsOf, channelProblems, emptyDraft, fromTemplate, hasRecipients } from './alerts/wizard/wizard-draft';
import type { WizardDraft } from './alerts/wizard/wizard-draft';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'];

interface Props {
  /** null: a new template. */
  template: Template | null;
  onClose: () => void;
  onSaved: (saved: Template, created: boolean) => void;
}

/** Mounted only while open, so every opening starts from the template's current values. */
export function TemplateFormModal({ template, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [name, setName] = useState(template?.name ?? '');
  const [voiceText, setVoiceText] = useState(template?.voiceText ?? '');
  const [smsText, setSmsText] = useState(template?.smsText ?? '');
  const [language, setLanguage] = useState<Language>(template?.language ?? 'sv');
  const [confirmDigit, setConfirmDigit] = useState(template?.confirmDigit ?? '1');
  const [declineDigit, setDeclineDigit] = useState(template?.declineDigit ?? '2');
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const user = useUser();
  // Quick-launch defaults in the wizard's own shape, so its fields can be reused as they are.
  const [defaultsOn, setDefaultsOn] = useState(Boolean(template?.alertDefaults));
  const [defaults, setDefaults] = useState<WizardDraft>(() => (template ? fromTemplate(template, []) : emptyDraft(user.language)));
  const [announcement, setAnnouncement] = useState('');
  const groups = useLoad(useCallback(() => api.call('groups.list', {}), [api]));
  const savedContacts = usePickedContacts(template?.alertDefaults?.contactIds ?? null);
  // The saved single contacts arrive with their names after the form opens; until the operator
  // changes the recipients, the draft shows them.
  const [recipientsTouched, setRecipientsTouched] = useState(false);
  const shown = recipientsTouched ? defaults : { ...defaults, contacts: savedContacts.data ?? [] };
  const changeDefaults = (d: WizardDraft) => {
    setRecipientsTouched(true);
    setDefaults(d);
  };
  // What the form opened with: closing it asks first when anything differs.
  const now = { name, voiceText, smsText, language, confirmDigit, declineDigit, defaultsOn, defaults };
  const [opened] = useState(now);
  const guard = useUnsavedGuard(!busy && (Object.keys(now) as Array<keyof typeof now>).some((k) => now[k] !== opened[k]));
  const close = () => guard.confirmDiscard(onClose);
  const withTexts = { ...shown, voiceText, smsText };
  const defaultsProblems = defaultsOn
    ? { recipients: !hasRecipients(shown), channels: channelProblems(withTexts).map((p) => t(`wizard.channels.missing.${p}`)).join(' ') }
    : { recipients: false, channels: '' };

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setChecked(true);
    if (!name.trim() || defaultsProblems.recipients || defaultsProblems.channels) return;
    setBusy(true);
    setError(null);
    const alertDefaults = defaultsOn ? alertDefaultsOf(shown) : null;
    const fields = { name, voiceText, smsText, language, confirmDigit, declineDigit, alertDefaults };
    try {
      const saved = template
        ? await api.call('templates.update', { id: template.id, ...fields })
        : await api.call('templates.create', fields);
      onSaved(saved, !template);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const digitOptions = DIGITS.map((d) => ({ value: d, label: d }));
  return (
    <>
      <Modal
        opened
        onClose={close}
        size="xl"
        title={template ? t('templates.editTitle') : t('templates.createTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack>
            <ErrorAlert error={error} />
            <TextInput
              label={t('templates.name')}
              required
              maxLength={120}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={(checked && !name.trim() && t('common.required')) || fieldError(error, 'name')}
              data-autofocus
            />
            <Textarea
              label={t('templates.voiceText')}
              description={t('templates.voiceHint')}
              autosize
              minRows={3}
              maxLength={4000}
              value={voiceText}
              onChange={(e) => setVoiceText(e.currentTarget.value)}
              error={fieldError(error, 'voiceText')}
            />
            {/* The template's language picks the voice, as it will when the alert goes out. */}
            <VoicePreview text={voiceText} language={language} />
            <SmsTextField
              label={t('templates.smsText')}
              value={smsText}
              onChange={setSmsText}
              sending={{ drill: false, language }}
              drillNote
              error={fieldError(error, 'smsText')}
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NativeSelect
                label={t('templates.language')}
                value={language}
                onChange={(e) => setLanguage(e.currentTarget.value as Language)}
                data={[
                  { value: 'sv', label: t('language.sv') },
                  { value: 'en', label: t('language.en') },
                ]}
              />
              <NativeSelect
                label={t('templates.confirmDigit')}
                description={t('templates.digitHint')}
                value={confirmDigit}
                onChange={(e) => setConfirmDigit(e.currentTarget.value)}
                data={digitOptions}
                error={fieldError(error, 'confirmDigit')}
              />
              <NativeSelect
                label={t('templates.declineDigit')}
                description={t('templates.digitHint')}
                value={declineDigit}
                onChange={(e) => setDeclineDigit(e.currentTarget.value)}
                data={digitOptions}
                error={fieldError(error, 'declineDigit')}
              />
            </SimpleGrid>
            <TemplateDefaultsFields
              enabled={defaultsOn}
              onEnabledChange={setDefaultsOn}
              draft={shown}
              onChange={changeDefaults}
              groups={groups.data ?? []}
              missingRecipients={checked && defaultsProblems.recipients ? t('quickLaunch.template.needsRecipients') : fieldError(error, 'alertDefaults.groupIds')}
              channelProblem={(checked && defaultsProblems.channels) || fieldError(error, 'alertDefaults.channels')}
              onAnnounce={setAnnouncement}
            />
            <ErrorAlert error={groups.error ?? savedContacts.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy}>
                {template ? t('common.save') : t('common.create')}
              </Button>
            </Group>
          </Stack>
        </form>
        <Announcer message={announcement} />
      </Modal>
      {/* Beside the modal, not in it: its Escape must not reach the form's modal as well. */}
      {guard.prompt}
    </>
  );
}
