import { Button, Group, Modal, NativeSelect, Stack, Switch, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { roles } from '@contract';
import type { Language, Role, User } from '@contract';
import { useApi } from '../api/ApiProvider';
import { ErrorAlert } from '../components/ErrorAlert';
import { fieldError } from '../components/error-text';
import { NewPasswordFields } from '../components/NewPasswordFields';
import { newPasswordProblem } from '../components/password-rules';

interface Props {
  /** null: a new user. */
  user: User | null;
  onClose: () => void;
  onSaved: (saved: User, created: boolean) => void;
}

/** Create a user, or change one's name, role and whether it may sign in. Mounted only while open. */
export function UserFormModal({ user, onClose, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? 'operator');
  const [disabled, setDisabled] = useState(user?.disabled ?? false);
  const [language, setLanguage] = useState<Language>(i18n.language === 'en' ? 'en' : 'sv');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const problem = user ? null : newPasswordProblem(password, repeat);
  const missing = (value: string) => checked && !value.trim() && t('common.required');

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setChecked(true);
    if (problem || !displayName.trim() || (!user && !username.trim())) return;
    setBusy(true);
    setError(null);
    try {
      const saved = user
        ? await api.call('users.update', { id: user.id, displayName, role, disabled })
        : await api.call('users.create', { username, displayName, role, password, language });
      onSaved(saved, !user);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={user ? t('users.editTitle', { name: user.username }) : t('users.createTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <ErrorAlert error={error} />
          {!user ? (
            <TextInput
              label={t('auth.username')}
              description={t('auth.usernameHint')}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              error={missing(username) || fieldError(error, 'username')}
              data-autofocus
            />
          ) : null}
          <TextInput
            label={t('auth.displayName')}
            required
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
            error={missing(displayName) || fieldError(error, 'displayName')}
          />
          <NativeSelect
            label={t('users.role')}
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as Role)}
            data={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            error={fieldError(error, 'role')}
          />
          {user ? (
            <Switch label={t('users.disabledLabel')} checked={disabled} onChange={(e) => setDisabled(e.currentTarget.checked)} />
          ) : (
            <>
              <NativeSelect
                label={t('language.label')}
                value={language}
                onChange={(e) => setLanguage(e.currentTarget.value as Language)}
                data={[
                  { value: 'sv', label: t('language.sv') },
                  { value: 'en', label: t('language.en') },
                ]}
              />
              <NewPasswordFields
                labels={{ password: t('auth.password'), repeat: t('auth.passwordRepeat') }}
                password={password}
                repeat={repeat}
                onPassword={setPassword}
                onRepeat={setRepeat}
                checked={checked}
                problem={problem}
                username={username}
                error={error}
                field="password"
              />
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {user ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
