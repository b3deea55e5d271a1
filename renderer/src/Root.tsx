import { FirstRunScreen } from './screens/FirstRunScreen';
import { LoginScreen } from './screens/LoginScreen';
import { StartingScreen } from './screens/StartingScreen';
import { useSession } from './session/session-context';
import { Shell } from './shell/Shell';

export function Root() {
  const { phase } = useSession();
  switch (phase.name) {
    case 'starting':
      return <StartingScreen />;
    case 'setup':
      return <FirstRunScreen />;
    case 'login':
      return <LoginScreen notice={phase.notice} />;
    case 'app':
      return <Shell />;
  }
}
