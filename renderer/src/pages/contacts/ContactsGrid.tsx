/**
 * The address book as an ARIA grid over a virtualized list: only the rows on screen exist in
 * the DOM, the row count and each row's index are announced, and the keyboard moves a single
 * focusable cell (roving tabindex) the way spreadsheet users expect.
 */
import { Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactRow } from '@contract';
import { COLUMNS, ContactGridRow } from './ContactGridRow';
import type { ContactPages } from './use-contact-pages';

const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 40;

interface Props {
  pages: ContactPages;
  total: number;
  /** Changes with the query: the grid goes back to the top. */
  resetKey: string;
  onOpen: (row: ContactRow) => void;
}

export function ContactsGrid({ pages, total, resetKey, onOpen }: Props) {
  const { t } = useTranslation();
  const helpId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState({ row: 0, col: 0 });
  const focusWanted = useRef(false);

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual re-measures on every render by design; nothing here is memoized.
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  const { show } = pages;
  useEffect(() => {
    show(first, last);
  }, [show, first, last]);

  useLayoutEffect(() => {
    setActive({ row: 0, col: 0 });
    scrollRef.current?.scrollTo({ top: 0 });
  }, [resetKey]);

  // Keyboard moves focus after the target row has been rendered.
  useEffect(() => {
    if (!focusWanted.current) return;
    const cell = scrollRef.current?.querySelector<HTMLElement>(`[data-cell="${active.row}:${active.col}"]`);
    if (cell) {
      focusWanted.current = false;
      cell.focus({ preventScroll: true });
    }
  });

  const activeRow = Math.min(active.row, Math.max(0, total - 1));
  const activeShown = items.some((i) => i.index === activeRow);
  // Tab must always land in the grid, even after the active row scrolled away.
  const tabRow = activeShown ? activeRow : first;

  function open(index: number, col: number): void {
    setActive({ row: index, col });
    const row = pages.rowAt(index);
    if (row) onOpen(row);
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    const target = (e.target as HTMLElement).closest<HTMLElement>('[data-cell]');
    if (!target) return;
    const [r, c] = (target.dataset.cell ?? '0:0').split(':').map(Number) as [number, number];
    const screen = Math.max(1, items.length - 2);
    let row = r;
    let col = c;
    switch (e.key) {
      case 'ArrowDown': row = r + 1; break;
      case 'ArrowUp': row = r - 1; break;
      case 'PageDown': row = r + screen; break;
      case 'PageUp': row = r - screen; break;
      case 'ArrowRight': col = c + 1; break;
      case 'ArrowLeft': col = c - 1; break;
      case 'Home': if (e.ctrlKey) row = 0; col = 0; break;
      case 'End': if (e.ctrlKey) row = total - 1; col = COLUMNS.length - 1; break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        open(r, c);
        return;
      default:
        return;
    }
    e.preventDefault();
    row = Math.max(0, Math.min(total - 1, row));
    col = Math.max(0, Math.min(COLUMNS.length - 1, col));
    focusWanted.current = true;
    setActive({ row, col });
    virtualizer.scrollToIndex(row, { align: 'auto' });
  }

  return (
    <div>
      <Text id={helpId} size="sm" c="dimmed" mb="xs">
        {t('contacts.gridHelp')}
      </Text>
      <div
        ref={scrollRef}
        role="grid"
        aria-label={t('contacts.gridLabel')}
        aria-describedby={helpId}
        aria-rowcount={total + 1}
        aria-colcount={COLUMNS.length}
        aria-readonly
        className="gdial-grid"
        onKeyDown={onKeyDown}
        data-testid="contacts-grid"
      >
        <div role="rowgroup" className="gdial-grid-head" style={{ height: HEADER_HEIGHT }}>
          <div role="row" aria-rowindex={1} className="gdial-grid-row">
            {COLUMNS.map((column, col) => (
              <div key={column} role="columnheader" aria-colindex={col + 1} className="gdial-grid-cell">
                {t(`contacts.columns.${column}`)}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => (
            <ContactGridRow
              key={item.index}
              index={item.index}
              row={pages.rowAt(item.index)}
              tabColumn={item.index === tabRow ? (activeShown ? active.col : 0) : -1}
              style={{ height: ROW_HEIGHT, transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
              onOpen={open}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
