/**
 * A contact's numbers in call-out order: each checked live by the engine, reordered by drag or
 * by "Flytta upp/ned" (focus stays with the moved number and the move is announced).
 */
import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ReorderControls } from '../../components/ReorderControls';
import { moveItem, useReorder } from '../../components/use-reorder';
import { MAX_NUMBERS, newNumber } from './contact-draft';
import type { NumberDraft } from './contact-draft';
import { NumberCheckText } from './NumberCheckText';
import { useNumberChecks } from './use-number-checks';

interface Props {
  numbers: NumberDraft[];
  onChange: (next: NumberDraft[]) => void;
  /** The engine's refusals from the last save, by row key. */
  errors: ReadonlyMap<string, string>;
  readOnly: boolean;
  announce: (message: string) => void;
  /** The contact being edited (its own numbers are not a clash); undefined for a new one. */
  contactId?: number | undefined;
}

export function NumbersEditor({ numbers, onChange, errors, readOnly, announce, contactId }: Props) {
  const { t } = useTranslation();
  const checkOf = useNumberChecks(numbers.map((n) => n.number), contactId);
  const addButton = useRef<HTMLButtonElement>(null);
  const inputs = useRef(new Map<string, HTMLInputElement>());
  const focusKey = useRef<string | null>(null);
  const nameOf = (n: NumberDraft, i: number) => n.number.trim() || t('contactForm.numberName', { position: i + 1 });

  function move(from: number, to: number): void {
    const item = numbers[from];
    if (!item || to < 0 || to >= numbers.length) return;
    onChange(moveItem(numbers, from, to));
    announce(t('contactForm.moved', { name: nameOf(item, from), position: to + 1, count: numbers.length }));
  }
  const reorder = useReorder(move, !readOnly);

  // A number just added gets focus once its input exists.
  useEffect(() => {
    if (focusKey.current === null) return;
    inputs.current.get(focusKey.current)?.focus();
    focusKey.current = null;
  });

  function add(): void {
    const row = newNumber();
    onChange([...numbers, row]);
    focusKey.current = row.key;
  }

  function remove(index: number): void {
    const item = numbers[index];
    if (!item) return;
    onChange(numbers.filter((_, i) => i !== index));
    announce(t('contactForm.removedNumber', { name: nameOf(item, index) }));
    addButton.current?.focus();
  }

  const update = (index: number, patch: Partial<NumberDraft>) =>
    onChange(numbers.map((n, i) => (i === index ? { ...n, ...patch } : n)));

  return (
    <Stack gap="xs">
      {numbers.length === 0 ? <Text c="dimmed">{t('contactForm.noNumbers')}</Text> : null}
      <ol className="gdial-plain-list">
        {numbers.map((n, i) => {
          const check = checkOf(n.number);
          const refused = typeof check === 'object' && !check.ok;
          return (
            <li
              key={n.key}
              data-reorder-item
              className="gdial-reorder-item"
              data-over={reorder.over === i && reorder.dragging !== i ? true : undefined}
              data-dragging={reorder.dragging === i ? true : undefined}
              {...reorder.itemProps(i)}
            >
              <Group align="flex-start" wrap="nowrap" gap="xs" py={6}>
                <Text fw={700} mt={30} w={22} ta="right" aria-hidden>
                  {i + 1}.
                </Text>
                <TextInput
                  ref={(el) => void (el ? inputs.current.set(n.key, el) : inputs.current.delete(n.key))}
                  label={t('contactForm.number', { position: i + 1 })}
                  value={n.number}
                  readOnly={readOnly}
                  inputMode="tel"
                  autoComplete="off"
                  maxLength={40}
                  onChange={(e) => update(i, { number: e.currentTarget.value })}
                  error={errors.get(n.key) ?? refused}
                  description={<NumberCheckText check={check} optedOut={n.optedOut} />}
                  inputWrapperOrder={['label', 'input', 'description', 'error']}
                  style={{ flex: 3 }}
                />
                <TextInput
                  label={t('contactForm.label', { position: i + 1 })}
                  placeholder={t('contactForm.labelPlaceholder')}
                  value={n.label}
                  readOnly={readOnly}
                  maxLength={40}
                  onChange={(e) => update(i, { label: e.currentTarget.value })}
                  style={{ flex: 2 }}
                />
                {!readOnly ? (
                  <Group gap={4} wrap="nowrap" mt={26}>
                    <ReorderControls index={i} count={numbers.length} name={nameOf(n, i)} reorder={reorder} onMove={move} />
                    <ActionIcon variant="subtle" color="red" aria-label={t('contactForm.removeNumber', { name: nameOf(n, i) })} onClick={() => remove(i)}>
                      <IconTrash size={18} aria-hidden />
                    </ActionIcon>
                  </Group>
                ) : null}
              </Group>
            </li>
          );
        })}
      </ol>
      {!readOnly ? (
        <Group>
          <Button
            ref={addButton}
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={add}
            disabled={numbers.length >= MAX_NUMBERS}
          >
            {t('contactForm.addNumber')}
          </Button>
          {numbers.length >= MAX_NUMBERS ? <Text size="sm" c="dimmed">{t('contactForm.maxNumbers', { max: MAX_NUMBERS })}</Text> : null}
        </Group>
      ) : null}
    </Stack>
  );
}
