import { EmptyState } from '@mantine/core';
import type { ReactNode } from 'react';

interface EmptyNoticeProps {
  icon: ReactNode;
  title: string;
  text: string;
  /** Heading level inside the page: 2 directly under the page's h1. */
  order?: 2 | 3;
  children?: ReactNode;
}

/** An honest "nothing here yet" that says what will appear. */
export function EmptyNotice({ icon, title, text, order = 2, children }: EmptyNoticeProps) {
  return (
    <EmptyState py="xl">
      <EmptyState.Indicator aria-hidden>{icon}</EmptyState.Indicator>
      <EmptyState.Title order={order}>{title}</EmptyState.Title>
      <EmptyState.Description>{text}</EmptyState.Description>
      {children ? <EmptyState.Actions>{children}</EmptyState.Actions> : null}
    </EmptyState>
  );
}
