import { useHashParam } from '../../router/hash-route';
import { GroupDetailPage } from './GroupDetailPage';
import { GroupListPage } from './GroupListPage';

/** `#/grupper` lists the groups; `#/grupper?grupp=12` shows one, so Back and bookmarks work. */
export function GroupsPage() {
  const param = useHashParam('grupp');
  const id = param && /^\d+$/.test(param) ? Number(param) : null;
  return id ? <GroupDetailPage key={id} id={id} /> : <GroupListPage />;
}
