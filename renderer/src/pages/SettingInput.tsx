import { NativeSelect, NumberInput, Switch, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { envNameOf } from '@contract';
import type { Group } from '@contract';
import { TimeZoneSelect } from '../components/TimeZoneSelect';
import { isLanguage } from '../i18n';
import type { SettingField } from './setting-fields';

interface Props {
  field: SettingField;
  value: unknown;
  disabled: boolean;
  fixed: boolean;
  restart: boolean;
  error: string | undefined;
  /** For settings that name a group (the drill roster); undefined while loading. */
  groups: Group[] | undefined;
  onChange: (value: unknown) => void;
}

/** One setting as the control that suits it, with its label, hint and where its value comes from. */
export function SettingInput({ field, value, disabled, fixed, restart, error, groups, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const { key } = field;
  const label = i18n.exists(`settings.labels.${key}`) ? t(`settings.labels.${key}`) : key;
  const notes = [
    i18n.exists(`settings.hints.${key}`) ? t(`settings.hints.${key}`) : '',
    fixed ? t('settings.fromEnv', { name: envNameOf(key) }) : '',
    restart ? t('settings.restart') : '',
  ].filter(Boolean);
  const description = notes.length ? notes.join(' ') : undefined;
  const common = { label, description, disabled, error, 'data-setting': key };

  switch (field.kind) {
    case 'number':
      return (
        <NumberInput
          {...common}
          min={field.min}
          max={field.max}
          allowDecimal={!field.integer}
          decimalScale={field.integer ? undefined : 2}
          decimalSeparator={i18n.language === 'en' ? '.' : ','}
          clampBehavior="strict"
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => typeof v === 'number' && onChange(v)}
        />
      );
    case 'boolean':
      return <Switch {...common} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />;
    case 'text':
      return (
        <TextInput
          {...common}
          maxLength={field.maxLength}
          type={field.url ? 'url' : 'text'}
          spellCheck={false}
          autoComplete="off"
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'choice': {
      const known = t('settings.options', { returnObjects: true })[key] ?? {};
      return (
        <NativeSelect
          {...common}
          value={String(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
          data={field.options.map((o) => ({ value: o, label: known[o] ?? (isLanguage(o) ? t(`language.${o}`) : o) }))}
        />
      );
    }
    case 'timeZone':
      return <TimeZoneSelect {...common} value={typeof value === 'string' ? value : ''} onChange={onChange} />;
    case 'group': {
      const id = typeof value === 'number' ? value : 0;
      const options = (groups ?? []).map((g) => ({ value: String(g.id), label: g.name }));
      // A roster group deleted since it was chosen still shows, so the admin sees what is set.
      if (id !== 0 && !groups) options.push({ value: String(id), label: t('common.loading') });
      else if (id !== 0 && !groups?.some((g) => g.id === id)) options.push({ value: String(id), label: t('settings.missingGroup', { id }) });
      return (
        <NativeSelect
          {...common}
          value={String(id)}
          onChange={(e) => onChange(Number(e.currentTarget.value))}
          data={[{ value: '0', label: t('settings.noRosterGroup') }, ...options]}
        />
      );
    }
  }
}
