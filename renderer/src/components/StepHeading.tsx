import { Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** The wizard's first view: focus stays where the dialog or page put it. */
  first?: boolean;
  /** 3 inside a dialog (under its title); 2 on a full page (under the h1). */
  order?: 2 | 3;
}

/**
 * Each step's heading takes focus when the step appears, so a keyboard or screen-reader user
 * hears where they are. The first step leaves focus to the dialog's or page's own target.
 */
export function StepHeading({ children, first = false, order = 3 }: Props) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!first) ref.current?.focus();
  }, [first]);
  return (
    <Title order={order} size={order === 2 ? 'h3' : 'h4'} ref={ref} tabIndex={-1}>
      {children}
    </Title>
  );
}
