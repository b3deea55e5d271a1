/**
 * Where calls go (simulator or Twilio), read once per connection (again after a reconnect: a
 * push may have been missed meanwhile) and replaced by every `carrier.status` push.
 */
import { useEffect, useState } from 'react';
import type { CarrierStatus } from '@contract';
import { useApi, useConnectionState } from '../api/ApiProvider';
import { useApiEvent } from '../components/use-api-event';

export function useCarrierStatus(): CarrierStatus | null {
  const api = useApi();
  const connection = useConnectionState();
  const [status, setStatus] = useState<CarrierStatus | null>(null);
  useEffect(() => {
    if (connection !== 'connected') return;
    let live = true;
    // An engine without a dispatcher (admin tools) has no carrier: then nothing is said.
    api.call('carrier.status', {}).then(
      (next) => live && setStatus(next),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, connection]);
  useApiEvent('carrier.status', setStatus);
  return status;
}
