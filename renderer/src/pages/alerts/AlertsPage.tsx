import { useHashParam } from '../../router/hash-route';
import { allows } from '../../router/routes';
import { useUser } from '../../session/session-context';
import { AlertHistoryPage } from './AlertHistoryPage';
import { AlertLivePage } from './live/AlertLivePage';
import { NewAlertPage } from './wizard/NewAlertPage';

/** `#/larm` the history; `#/larm?larm=12` one alert live; `#/larm?nytt=1` the wizard. */
export function AlertsPage() {
  const param = useHashParam('larm');
  const wantsNew = useHashParam('nytt') !== null;
  const canLaunch = allows(useUser().role, 'operator');
  const id = param && /^\d+$/.test(param) ? Number(param) : null;
  if (id) return <AlertLivePage key={id} id={id} />;
  if (wantsNew && canLaunch) return <NewAlertPage />;
  return <AlertHistoryPage />;
}
