import { NativeSelect, SimpleGrid, Stack, TagsInput, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Language } from '@contract';
import type { ContactDraft } from './contact-draft';
import { fieldText } from './field-text';

interface Props {
  draft: ContactDraft;
  onChange: (patch: Partial<ContactDraft>) => void;
  readOnly: boolean;
  error: unknown;
  /** Name left empty after a save attempt. */
  nameMissing: boolean;
  knownTags: string[];
}

/** The contact's plain fields; numbers have their own editor. */
export function ContactFields({ draft, onChange, readOnly, error, nameMissing, knownTags }: Props) {
  const { t } = useTranslation();
  const err = (path: string) => fieldText(t, error, path);
  return (
    <Stack gap="sm">
      <TextInput
        label={t('contactForm.name')}
        required
        maxLength={200}
        readOnly={readOnly}
        value={draft.name}
        onChange={(e) => onChange({ name: e.currentTarget.value })}
        error={(nameMissing && t('common.required')) || err('name')}
        data-autofocus
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('contactForm.organisation')}
          maxLength={200}
          readOnly={readOnly}
          value={draft.organisation}
          onChange={(e) => onChange({ organisation: e.currentTarget.value })}
          error={err('organisation')}
        />
        <TextInput
          label={t('contactForm.title')}
          maxLength={200}
          readOnly={readOnly}
          value={draft.title}
          onChange={(e) => onChange({ title: e.currentTarget.value })}
          error={err('title')}
        />
        <TextInput
          type="email"
          label={t('contactForm.email')}
          maxLength={254}
          readOnly={readOnly}
          value={draft.email}
          onChange={(e) => onChange({ email: e.currentTarget.value })}
          error={err('email')}
        />
        <NativeSelect
          label={t('contactForm.language')}
          disabled={readOnly}
          value={draft.language}
          onChange={(e) => onChange({ language: e.currentTarget.value as Language })}
          data={[
            { value: 'sv', label: t('language.sv') },
            { value: 'en', label: t('language.en') },
          ]}
        />
      </SimpleGrid>
      <TagsInput
        label={t('contactForm.tags')}
        description={readOnly ? undefined : t('contactForm.tagsHint')}
        readOnly={readOnly}
        value={draft.tags}
        onChange={(tags) => onChange({ tags })}
        data={knownTags}
        maxTags={50}
        error={err('tags')}
      />
      <Textarea
        label={t('contactForm.notes')}
        autosize
        minRows={2}
        maxLength={4000}
        readOnly={readOnly}
        value={draft.notes}
        onChange={(e) => onChange({ notes: e.currentTarget.value })}
        error={err('notes')}
      />
    </Stack>
  );
}
