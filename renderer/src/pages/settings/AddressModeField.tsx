import { Radio, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { envNameOf } from '@contract';
import { addressModes } from './settings-rules';
import type { AddressMode } from './settings-rules';

interface Props {
  mode: AddressMode;
  disabled: boolean;
  /** Set by the environment (GDIAL_TUNNEL / GDIAL_PUBLIC_URL): said, not silently greyed out. */
  fixedKeys: string[];
  restart: boolean;
  onChange: (mode: AddressMode) => void;
}

/** "Ingen / Egen publik adress / ngrok": the two engine settings behind it are one decision for an admin. */
export function AddressModeField({ mode, disabled, fixedKeys, restart, onChange }: Props) {
  const { t } = useTranslation();
  const notes = [
    ...fixedKeys.map((key) => t('settings.fromEnv', { name: envNameOf(key) })),
    restart ? t('settings.restart') : '',
  ].filter(Boolean);
  return (
    <Radio.Group
      label={t('settings.publicAddress.mode')}
      description={notes.length ? notes.join(' ') : undefined}
      value={mode}
      onChange={(v) => onChange(v as AddressMode)}
      data-setting="tunnel"
    >
      <Stack gap={6} mt="xs">
        {addressModes.map((m) => (
          <Radio
            key={m}
            value={m}
            disabled={disabled}
            label={t(`settings.publicAddress.modes.${m}`)}
            description={t(`settings.publicAddress.modeHints.${m}`)}
          />
        ))}
      </Stack>
    </Radio.Group>
  );
}
