import { Stack, Text } from '@mantine/core';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** "12:05" or "1:02:05": minutes and seconds, hours once there are any. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/**
 * Time since the call-out started, large; it stops when the alert ends. A `timer` is not a live
 * region that speaks: a screen reader reads the value when the user comes to it, never once a
 * second on its own.
 */
export function ElapsedClock({ startedAt, finishedAt }: { startedAt: string | null; finishedAt: string | null }) {
  const { t } = useTranslation();
  const labelId = useId();
  const [now, setNow] = useState(() => Date.now());
  const running = startedAt !== null && finishedAt === null;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);

  const start = startedAt ? Date.parse(startedAt) : null;
  const end = finishedAt ? Date.parse(finishedAt) : now;
  return (
    <Stack gap={0} miw="8rem">
      <Text size="sm" c="dimmed" id={labelId}>
        {start === null ? t('board.clock.notStarted') : finishedAt ? t('board.clock.ended') : t('board.clock.label')}
      </Text>
      <Text role="timer" aria-labelledby={labelId} aria-live="off" fz={40} fw={700} lh={1.1} className="gdial-number" data-testid="elapsed-clock">
        {formatElapsed(start === null ? 0 : end - start)}
      </Text>
    </Stack>
  );
}
