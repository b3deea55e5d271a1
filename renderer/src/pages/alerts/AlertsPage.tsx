import { useHashParam } from '../../router/hash-route';
import { useCan } from '../../session/use-can';
import { AlertHistoryPage } from './AlertHistoryPage';
import { AlertLivePage } from './live/AlertLivePage';
import { AlertReportPage } from './report/AlertReportPage';
import { NewAlertPage } from './wizard/NewAlertPage';

const idOf = (param: string | null) => (param && /^\d+$/.test(param) ? Number(param) : null);

/** `#/larm` the history; `?larm=12` one alert live; `?rapport=12` its report; `?nytt=1` the wizard. */
export function AlertsPage() {
  const id = idOf(useHashParam('larm'));
  const reportId = idOf(useHashParam('rapport'));
  const wantsNew = useHashParam('nytt') !== null;
  const canLaunch = useCan('alerts.launch');
  // Another proposal opened from the banner while the wizard shows: a fresh wizard for it.
  const proposal = useHashParam('forslag');
  if (reportId) return <AlertReportPage key={`r${reportId}`} id={reportId} />;
  if (id) return <AlertLivePage key={id} id={id} />;
  if (wantsNew && canLaunch) return <NewAlertPage key={proposal ?? ''} />;
  return <AlertHistoryPage />;
}
