import { Badge, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactRow } from '@contract';

export const COLUMNS = ['name', 'organisation', 'number', 'kinds', 'sms', 'groups', 'tags'] as const;
export type Column = (typeof COLUMNS)[number];

interface Props {
  index: number;
  row: ContactRow | undefined;
  /** Which cell takes Tab into the grid (roving tabindex), or -1 when none in this row. */
  tabColumn: number;
  style: CSSProperties;
  onOpen: (index: number, column: number) => void;
}

/** One line of the contacts grid. A row not fetched yet says so instead of being blank. */
export function ContactGridRow({ index, row, tabColumn, style, onOpen }: Props) {
  const { t } = useTranslation();
  const cells = row ? cellsOf(row, t) : null;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-busy={row ? undefined : true}
      className="gdial-grid-row gdial-grid-body-row"
      data-inactive={row && !row.active ? true : undefined}
      style={style}
    >
      {COLUMNS.map((column, col) => (
        <div
          key={column}
          role="gridcell"
          aria-colindex={col + 1}
          className="gdial-grid-cell"
          tabIndex={col === tabColumn ? 0 : -1}
          data-cell={`${index}:${col}`}
          onClick={() => onOpen(index, col)}
        >
          {cells ? cells[column] : col === 0 ? <Text size="sm" c="dimmed">{t('contacts.rowLoading')}</Text> : null}
        </div>
      ))}
    </div>
  );
}

// i18next's own type: the hook's inferred one grows too deep for tsc with the full message set.
type T = TFunction;

function cellsOf(row: ContactRow, t: T): Record<Column, ReactNode> {
  const organisation = [row.organisation, row.title].filter(Boolean).join(' · ');
  const tags = row.tags.join(', ');
  return {
    name: (
      <span className="gdial-grid-text" title={row.name}>
        {row.name}
        {!row.active ? (
          <Badge component="span" ml="xs" size="sm" color="gray" variant="light" tt="none">
            {t('contacts.inactive')}
          </Badge>
        ) : null}
      </span>
    ),
    organisation: (
      <span className="gdial-grid-text" title={organisation}>
        {organisation}
      </span>
    ),
    number: row.primaryNumber ? (
      <span className="gdial-grid-text">
        <span className="gdial-number">{row.primaryNumber}</span>
        {row.numberCount > 1 ? (
          <Text span size="xs" c="dimmed" ml={6}>
            {t('contacts.moreNumbers', { count: row.numberCount - 1 })}
          </Text>
        ) : null}
      </span>
    ) : (
      <Text span size="sm" c="dimmed">
        {t('contacts.noNumber')}
      </Text>
    ),
    kinds: row.kinds.map((k) => t(`contacts.kinds.${k}`)).join(', '),
    sms: row.smsCapable ? t('contacts.smsYes') : row.smsOptedOut ? t('contacts.smsOptedOut') : t('contacts.smsNo'),
    groups: String(row.groupCount),
    tags: (
      <span className="gdial-grid-text" title={tags}>
        {tags}
      </span>
    ),
  };
}
