import { hrefOf } from '../../router/hash-route';

/** The live view of one alert, as a link: Back, bookmarks and a second screen work. */
export function alertHref(id: number): string {
  return `${hrefOf('larm')}?larm=${id}`;
}

/** The new-alert wizard, as its own page. */
export function newAlertHref(): string {
  return `${hrefOf('larm')}?nytt=1`;
}

/** The report of one alert: figures, recipients, exports. */
export function reportHref(id: number): string {
  return `${hrefOf('larm')}?rapport=${id}`;
}
