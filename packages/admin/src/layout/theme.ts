import { defaultTheme } from 'react-admin';

/** Calm, readable defaults: a deep teal for action, generous type for people who read long notes. */
export const theme = {
  ...defaultTheme,
  palette: { primary: { main: '#0f5e66' }, secondary: { main: '#b4532a' } },
  typography: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
};
