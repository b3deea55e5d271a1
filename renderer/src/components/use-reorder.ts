/**
 * Drag-to-reorder for short ordered lists (a contact's numbers, a group's members) with the
 * browser's own drag and drop. Keyboard users get the same moves from ReorderControls.
 */
import { useState } from 'react';
import type { DragEvent } from 'react';

export interface Reorder {
  /** The item being dragged and the one it would land on, for styling. */
  dragging: number | null;
  over: number | null;
  /** Spread on the drag handle. */
  handleProps(index: number): {
    draggable: true;
    onDragStart: (e: DragEvent<HTMLElement>) => void;
    onDragEnd: () => void;
  };
  /** Spread on each item: where a dragged item can be dropped. */
  itemProps(index: number): {
    onDragOver: (e: DragEvent<HTMLElement>) => void;
    onDrop: (e: DragEvent<HTMLElement>) => void;
  };
}

export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item === undefined) return next;
  next.splice(Math.max(0, Math.min(to, next.length)), 0, item);
  return next;
}

export function useReorder(onMove: (from: number, to: number) => void, enabled = true): Reorder {
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);

  const end = () => {
    setDragging(null);
    setOver(null);
  };

  return {
    dragging,
    over,
    handleProps: (index) => ({
      draggable: true,
      onDragStart(e) {
        if (!enabled) return;
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', String(index));
        // Show the whole row under the pointer, not only the small handle.
        const row = e.currentTarget.closest('[data-reorder-item]');
        if (row) e.dataTransfer.setDragImage(row, 16, 16);
        setDragging(index);
      },
      onDragEnd: end,
    }),
    itemProps: (index) => ({
      onDragOver(e) {
        if (dragging === null) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        if (over !== index) setOver(index);
      },
      onDrop(e) {
        if (dragging === null) return;
        e.preventDefault();
        if (dragging !== index) onMove(dragging, index);
        end();
      },
    }),
  };
}
