import { Button, Group, NativeSelect, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Language, Template } from '@contract';
import { SmsTextField } from '../../../components/SmsTextField';
import { StepHeading } from '../../../components/StepHeading';
import { messageProblems, withTemplate } from './wizard-draft';
import type { WizardDraft } from './wizard-draft';

interface Props {
  draft: WizardDraft;
  onChange: (draft: WizardDraft) => void;
  templates: Template[];
  /** The operator tried to go on: say what is missing. */
  checked: boolean;
  first: boolean;
  onNext: () => void;
}

/** Step 1: a template or free text, the title, and the words for each channel. */
export function MessageStep({ draft, onChange, templates, checked, first, onNext }: Props) {
  const { t } = useTranslation();
  const problems = checked ? messageProblems(draft) : [];
  const patch = (p: Partial<WizardDraft>) => onChange({ ...draft, ...p });
  const pick = (id: string) => onChange(withTemplate(draft, templates.find((tpl) => String(tpl.id) === id) ?? null));
  return (
    <Stack>
      <StepHeading order={2} first={first}>
        {t('wizard.message.heading')}
      </StepHeading>
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
        error={problems.includes('title') ? t('common.required') : undefined}
      />
      <Textarea
        label={t('wizard.message.voiceText')}
        description={t('templates.voiceHint')}
        autosize
        minRows={3}
        maxLength={4000}
        value={draft.voiceText}
        onChange={(e) => patch({ voiceText: e.currentTarget.value })}
        error={problems.includes('text') ? t('wizard.message.needText') : undefined}
      />
      <SmsTextField
        label={t('wizard.message.smsText')}
        value={draft.smsText}
        onChange={(smsText) => patch({ smsText })}
        sending={{ drill: draft.drill, language: draft.language }}
        error={problems.includes('text') ? t('wizard.message.needText') : undefined}
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
      <Group justify="flex-end">
        <Button onClick={onNext}>{t('wizard.next')}</Button>
      </Group>
    </Stack>
  );
}
