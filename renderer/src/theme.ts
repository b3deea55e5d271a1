/** The console's Mantine theme: system fonts only (no network) and colours that pass WCAG AA. */
import { createTheme, darken, mergeThemeOverrides, Notification } from '@mantine/core';
import type { CSSVariablesResolver } from '@mantine/core';

const systemFonts =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif';

export const theme = createTheme({
  fontFamily: systemFonts,
  headings: { fontFamily: systemFonts },
  primaryColor: 'blue',
  // Shade 6 on white is 3.6:1; shade 8 is 5:1, enough for button text in both schemes.
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'sm',
  focusRing: 'auto',
  // Operators may be on a slow remote desktop: honour "reduce motion".
  respectReducedMotion: true,
});

/** Labels Mantine draws itself, in the console's language (a notification's close button). */
export function localizedTheme(closeLabel: string) {
  return mergeThemeOverrides(
    theme,
    createTheme({
      components: { Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }) },
    }),
  );
}

/**
 * Mantine's defaults fall below 4.5:1 in places: dimmed and error text in both schemes, and the
 * "light" variant (badges, alerts, the active menu item) whose shade-9 text on its shade-1/2
 * background is 3.2–4.3:1 for teal, orange, red and green. Darker text fixes all of them.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    ...Object.fromEntries(
      Object.entries(t.colors).map(([name, shades]) => [`--mantine-color-${name}-light-color`, darken(shades[9], 0.3)]),
    ),
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-error': 'var(--mantine-color-red-5)',
  },
});
