import { Button, Menu } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconKey, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSession, useUser } from '../session/session-context';
import { ChangePasswordModal } from './ChangePasswordModal';

export function UserMenu() {
  const { t } = useTranslation();
  const user = useUser();
  const { logout } = useSession();
  const [changing, { open, close }] = useDisclosure(false);
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            variant="subtle"
            color="gray"
            leftSection={<IconUserCircle size={18} aria-hidden />}
            rightSection={<IconChevronDown size={14} aria-hidden />}
            aria-label={t('userMenu.label', { name: user.displayName })}
          >
            {user.displayName}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('userMenu.signedInAs', { name: user.username, role: t(`roles.${user.role}`) })}</Menu.Label>
          <Menu.Item leftSection={<IconKey size={16} aria-hidden />} onClick={open}>
            {t('userMenu.changePassword')}
          </Menu.Item>
          <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void logout()}>
            {t('userMenu.logout')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ChangePasswordModal opened={changing} onClose={close} />
    </>
  );
}
