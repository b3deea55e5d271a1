import { hrefOf } from '../../router/hash-route';

/** The detail view of one group, as a link: Back and bookmarks work. */
export function groupHref(id: number): string {
  return `${hrefOf('grupper')}?grupp=${id}`;
}
