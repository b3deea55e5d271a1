import { ActionIcon, Group } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconGripVertical } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reorder } from './use-reorder';

interface Props {
  index: number;
  count: number;
  /** What the item is called in the buttons' names: "Flytta upp +46701234567". */
  name: string;
  reorder: Reorder;
  onMove: (from: number, to: number) => void;
  disabled?: boolean;
}

/**
 * A drag handle for the mouse and "Flytta upp"/"Flytta ned" for the keyboard. After a move
 * focus stays on the moved item; when its button has just become useless (moved to the top),
 * focus goes to the other one instead of falling to the page.
 */
export function ReorderControls({ index, count, name, reorder, onMove, disabled }: Props) {
  const { t } = useTranslation();
  const up = useRef<HTMLButtonElement>(null);
  const down = useRef<HTMLButtonElement>(null);
  const pending = useRef<'up' | 'down' | null>(null);

  useEffect(() => {
    const wanted = pending.current;
    pending.current = null;
    if (!wanted) return;
    const first = wanted === 'up' ? up.current : down.current;
    const other = wanted === 'up' ? down.current : up.current;
    (first && !first.disabled ? first : other)?.focus();
  }, [index]);

  function move(direction: 'up' | 'down'): void {
    pending.current = direction;
    onMove(index, direction === 'up' ? index - 1 : index + 1);
  }

  return (
    <Group gap={4} wrap="nowrap">
      {!disabled ? (
        <span className="gdial-drag-handle" title={t('reorder.drag')} aria-hidden {...reorder.handleProps(index)}>
          <IconGripVertical size={18} />
        </span>
      ) : null}
      <ActionIcon
        ref={up}
        variant="subtle"
        aria-label={t('reorder.moveUp', { name })}
        disabled={disabled || index === 0}
        onClick={() => move('up')}
      >
        <IconArrowUp size={18} aria-hidden />
      </ActionIcon>
      <ActionIcon
        ref={down}
        variant="subtle"
        aria-label={t('reorder.moveDown', { name })}
        disabled={disabled || index === count - 1}
        onClick={() => move('down')}
      >
        <IconArrowDown size={18} aria-hidden />
      </ActionIcon>
    </Group>
  );
}
