import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/ApiProvider';
import { useLoad } from '../../../components/use-load';
import type { PickedContact } from './wizard-draft';

export interface PickedContacts {
  /** Undefined until the names for exactly these ids have arrived. */
  data: PickedContact[] | undefined;
  loading: boolean;
  error: unknown;
}

/** Saved single contacts (a template's), with their names for the picker; a deleted one says so. */
export function usePickedContacts(ids: number[] | null): PickedContacts {
  const { t } = useTranslation();
  const api = useApi();
  const key = ids === null ? '' : ids.join(',');
  const loaded = useLoad(
    useCallback(async (): Promise<{ key: string; contacts: PickedContact[] }> => {
      const contacts = await Promise.all(
        (key === '' ? [] : key.split(',').map(Number)).map((id) =>
          api.call('contacts.get', { id }).then(
            (c): PickedContact => ({ id: c.id, name: c.name, detail: c.organisation ?? '' }),
            (): PickedContact => ({ id, name: t('schedules.form.unknownContact', { id }), detail: '' }),
          ),
        ),
      );
      return { key, contacts };
    }, [api, key, t]),
  );
  // useLoad keeps the previous answer while the next loads: an answer for other ids is not one.
  const current = loaded.data?.key === key ? loaded.data.contacts : undefined;
  return { data: current, loading: current === undefined && !loaded.error, error: loaded.error };
}
