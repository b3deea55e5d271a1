import { Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/**
 * Each step's heading takes focus when the step appears, so a keyboard or screen-reader user
 * hears where they are. The first step leaves focus to the dialog's own autofocus.
 */
export function StepHeading({ children, first = false }: { children: ReactNode; first?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!first) ref.current?.focus();
  }, [first]);
  return (
    <Title order={3} size="h4" ref={ref} tabIndex={-1}>
      {children}
    </Title>
  );
}
