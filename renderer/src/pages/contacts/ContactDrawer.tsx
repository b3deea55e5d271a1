import { Drawer } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useLoad } from '../../components/use-load';
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
  const title = id === null ? t('contactForm.createTitle') : t(canEdit ? 'contactForm.editTitle' : 'contactForm.viewTitle', { name: contact.data?.name ?? name });

  return (
    <Drawer opened onClose={onClose} position="right" size="xl" title={title} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <ErrorAlert error={contact.error} />
      {contact.loading ? <Loading /> : null}
      {!contact.loading && !contact.error ? (
        <ContactEditor contact={contact.data ?? null} canEdit={canEdit} knownTags={knownTags} onClose={onClose} />
      ) : null}
    </Drawer>
  );
}
