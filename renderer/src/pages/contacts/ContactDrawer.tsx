import { Drawer } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useLoad } from '../../components/use-load';
import { useUnsavedGuard } from '../../components/use-unsaved-guard';
import { ContactEditor } from './ContactEditor';

interface Props {
  /** null: a new contact. */
  id: number | null;
  /** The name from the table, for the title while the contact loads. */
  name: string;
  canEdit: boolean;
  knownTags: string[];
  onClose: () => void;
}

/** Mounted only while open; Mantine traps focus inside and returns it to the row on close. */
export function ContactDrawer({ id, name, canEdit, knownTags, onClose }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const load = useCallback((): Promise<Contact | null> => (id === null ? Promise.resolve(null) : api.call('contacts.get', { id })), [api, id]);
  const contact = useLoad(load);
  // Escape, the close button, Avbryt and leaving the page ask first while the editor has unsaved changes.
  const [dirty, setDirty] = useState(false);
  const guard = useUnsavedGuard(dirty);
  const cancel = () => guard.confirmDiscard(onClose);
  const title = id === null ? t('contactForm.createTitle') : t(canEdit ? 'contactForm.editTitle' : 'contactForm.viewTitle', { name: contact.data?.name ?? name });

  return (
    <>
      <Drawer opened onClose={cancel} position="right" size="xl" title={title} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <ErrorAlert error={contact.error} />
        {contact.loading ? <Loading /> : null}
        {!contact.loading && !contact.error ? (
          <ContactEditor contact={contact.data ?? null} canEdit={canEdit} knownTags={knownTags} onClose={onClose} onCancel={cancel} onDirtyChange={setDirty} />
        ) : null}
      </Drawer>
      {guard.prompt}
    </>
  );
}
