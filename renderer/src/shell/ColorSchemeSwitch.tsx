import { SegmentedControl, VisuallyHidden } from '@mantine/core';
import { useMantineColorScheme } from '@mantine/core';
import { IconDeviceDesktop, IconMoon, IconSun } from '@tabler/icons-react';
import type { Icon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ColorScheme } from '@contract';
import { useSession } from '../session/session-context';

const options: { value: ColorScheme; icon: Icon }[] = [
  { value: 'light', icon: IconSun },
  { value: 'dark', icon: IconMoon },
  { value: 'auto', icon: IconDeviceDesktop },
];

export function ColorSchemeSwitch() {
  const { t } = useTranslation();
  const { colorScheme } = useMantineColorScheme();
  const { setColorScheme } = useSession();
  return (
    <SegmentedControl
      aria-label={t('colorScheme.label')}
      size="xs"
      value={colorScheme}
      onChange={(value) => setColorScheme(value as ColorScheme)}
      data={options.map(({ value, icon: I }) => ({
        value,
        label: (
          <span title={t(`colorScheme.${value}`)} style={{ display: 'inline-flex' }}>
            <I size={16} aria-hidden />
            <VisuallyHidden>{t(`colorScheme.${value}`)}</VisuallyHidden>
          </span>
        ),
      }))}
    />
  );
}
