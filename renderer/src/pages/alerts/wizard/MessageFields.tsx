import { NativeSelect, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Language, Template } from '@contract';
import { SmsTextField } from '../../../components/SmsTextField';
import { withTemplate } from './wizard-draft';
import type { MessageProblem, WizardDraft } from './wizard-draft';

interface Props {
  draft: WizardDraft;
  onChange: (draft: WizardDraft) => void;
  templates: Template[];
  /** What to say beside the fields (the wizard's own check). */
  problems: MessageProblem[];
  /** The engine's messages by field, e.g. for a schedule's draft. */
  engineErrors?: Partial<Record<'title' | 'voiceText' | 'smsText', string>>;
}

/** A template or free text, the title, and the words for each channel: the wizard's step 1 and a schedule's alert. */
export function MessageFields({ draft, onChange, templates, problems, engineErrors = {} }: Props) {
  const { t } = useTranslation();
  const patch = (p: Partial<WizardDraft>) => onChange({ ...draft, ...p });
  const pick = (id: string) => onChange(withTemplate(draft, templates.find((tpl) => String(tpl.id) === id) ?? null));
  const needText = problems.includes('text') ? t('wizard.message.needText') : undefined;
  return (
    <Stack>
      <NativeSelect
        label={t('wizard.message.template')}
        description={t('wizard.message.templateHint')}
        value={draft.templateId === null ? '' : String(draft.templateId)}
        onChange={(e) => pick(e.currentTarget.value)}
        data={[{ value: '', label: t('wizard.message.noTemplate') }, ...templates.map((tpl) => ({ value: String(tpl.id), label: tpl.name }))]}
      />
      <TextInput
        label={t('wizard.message.title')}
        description={t('wizard.message.titleHint')}
        required
        maxLength={200}
        value={draft.title}
        onChange={(e) => patch({ title: e.currentTarget.value })}
        error={problems.includes('title') ? t('common.required') : engineErrors.title}
      />
      <Textarea
        label={t('wizard.message.voiceText')}
        description={t('templates.voiceHint')}
        autosize
        minRows={3}
        maxLength={4000}
        value={draft.voiceText}
        onChange={(e) => patch({ voiceText: e.currentTarget.value })}
        error={needText ?? engineErrors.voiceText}
      />
      <SmsTextField
        label={t('wizard.message.smsText')}
        value={draft.smsText}
        onChange={(smsText) => patch({ smsText })}
        sending={{ drill: draft.drill, language: draft.language }}
        error={needText ?? engineErrors.smsText}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect
          label={t('wizard.message.language')}
          description={t('wizard.message.languageHint')}
          value={draft.language}
          onChange={(e) => patch({ language: e.currentTarget.value as Language })}
          data={[
            { value: 'sv', label: t('language.sv') },
            { value: 'en', label: t('language.en') },
          ]}
        />
      </SimpleGrid>
    </Stack>
  );
}
