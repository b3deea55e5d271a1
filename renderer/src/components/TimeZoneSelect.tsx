import { NativeSelect } from '@mantine/core';
import type { NativeSelectProps } from '@mantine/core';
import { useMemo } from 'react';

/** Every IANA zone this browser knows, the current value always among them (a zone set elsewhere stays visible). */
export function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = ['Europe/Stockholm', 'UTC'];
  }
  const all = new Set([...zones, 'UTC']);
  if (current) all.add(current);
  return [...all].sort((a, b) => a.localeCompare(b));
}

interface Props extends Omit<NativeSelectProps, 'data' | 'value' | 'onChange'> {
  value: string;
  onChange: (zone: string) => void;
}

/** A native select: type "Europe/St" and the keyboard gets there, no search box needed. */
export function TimeZoneSelect({ value, onChange, ...rest }: Props) {
  const data = useMemo(() => timeZones(value), [value]);
  return <NativeSelect {...rest} value={value} onChange={(e) => onChange(e.currentTarget.value)} data={data} />;
}
