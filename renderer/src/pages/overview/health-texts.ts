import type { TFunction } from 'i18next';
import type { HealthItem } from '@contract';
import { formatDateTime } from '../../i18n/format';

/**
 * The engine's words for a situation, in the console's language when it knows the code
 * (`overview.health.codes.<code>`), else as the engine said them.
 */
export function healthTexts(
  t: TFunction,
  exists: (key: string) => boolean,
  item: HealthItem,
  language: string,
): { detail: string; action: string | null } {
  // Codes arrive at run time; the typed t() cannot know them in advance.
  const say = t as unknown as (key: string, params?: Record<string, string | number>) => string;
  const base = `overview.health.codes.${item.code.replace(/[^a-z0-9_]/gi, '_')}`;
  // The engine's own sentence may hold an instant (the last backup): shown as a local time.
  const localTimes = (text: string) => text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z/g, (iso) => formatDateTime(iso, language));
  const params = Object.fromEntries(Object.entries(item.params ?? {}).map(([k, v]) => [k, typeof v === 'string' ? localTimes(v) : v]));
  const detail = exists(`${base}.detail`) ? say(`${base}.detail`, params) : localTimes(item.detail);
  const action = item.state === 'ok' ? null : exists(`${base}.action`) ? say(`${base}.action`, params) : item.action;
  return { detail, action };
}
