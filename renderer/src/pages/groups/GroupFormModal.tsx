import { Button, Group as Row, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group } from '@contract';
import { isApiError } from '../../api/api-error';
import { useApi } from '../../api/ApiProvider';
import { ErrorAlert } from '../../components/ErrorAlert';

interface Props {
  /** null: a new group. */
  group: Group | null;
  onClose: () => void;
  onSaved: (group: Group, created: boolean) => void;
}

/** Create or rename a group; mounted only while open. */
export function GroupFormModal({ group, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [name, setName] = useState(group?.name ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setChecked(true);
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const saved = group
        ? await api.call('groups.update', { id: group.id, name: name.trim(), description: description.trim() })
        : await api.call('groups.create', { name: name.trim(), description: description.trim() });
      onSaved(saved, !group);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const taken = isApiError(error) && error.code === 'groups.name_taken';
  return (
    <Modal
      opened
      onClose={onClose}
      title={group ? t('groups.editTitle', { name: group.name }) : t('groups.createTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <ErrorAlert error={error} />
          <TextInput
            label={t('groups.name')}
            required
            maxLength={120}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={(checked && !name.trim() && t('common.required')) || (taken && t('errors.codes.groups.name_taken'))}
            data-autofocus
          />
          <Textarea
            label={t('groups.description')}
            autosize
            minRows={2}
            maxLength={1000}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          <Row justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {group ? t('common.save') : t('common.create')}
            </Button>
          </Row>
        </Stack>
      </form>
    </Modal>
  );
}
