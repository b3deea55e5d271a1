import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/ApiProvider';
import { useLoad } from '../../../components/use-load';
import type { PickedContact } from './wizard-draft';

/** Saved single contacts (a template's), with their names for the picker; a deleted one says so. */
export function usePickedContacts(ids: number[] | null) {
  const { t } = useTranslation();
  const api = useApi();
  const key = ids === null ? null : ids.join(',');
  return useLoad(
    useCallback(async (): Promise<PickedContact[]> => {
      if (key === null || key === '') return [];
      return Promise.all(
        key.split(',').map(Number).map((id) =>
          api.call('contacts.get', { id }).then(
            (c): PickedContact => ({ id: c.id, name: c.name, detail: c.organisation ?? '' }),
            (): PickedContact => ({ id, name: t('schedules.form.unknownContact', { id }), detail: '' }),
          ),
        ),
      );
    }, [api, key, t]),
  );
}
