import { useDebouncedValue } from '@mantine/hooks';
import { useCallback } from 'react';
import type { ScheduleRule } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { useLoad } from '../../components/use-load';

export const PREVIEW_COUNT = 5;

/** The engine's next runs for the rule as it is being written (debounced), and its verdict on the rule. */
export function useSchedulePreview(rule: ScheduleRule | null) {
  const api = useApi();
  const [key] = useDebouncedValue(rule ? JSON.stringify(rule) : '', 300);
  const preview = useLoad(
    useCallback(
      () => (key ? api.call('schedules.preview', { rule: JSON.parse(key) as ScheduleRule, count: PREVIEW_COUNT }) : Promise.resolve(null)),
      [api, key],
    ),
  );
  // A result for an older rule is not shown as if it were this one's.
  const current = (rule ? JSON.stringify(rule) : '') === key;
  return {
    runs: current && !preview.loading && !preview.error ? (preview.data?.nextRuns ?? null) : null,
    error: current && !preview.loading ? preview.error : null,
    pending: !current || preview.loading,
  };
}
