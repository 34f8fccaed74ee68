import { defaultTheme } from 'react-admin';

/** On a phone (narrower than 600 px) everything one taps is at least 44 px high (WCAG 2.5.5, Apple's and Google's advice). */
const PHONE = '@media (max-width:599.95px)';
const touch = { [PHONE]: { minHeight: 44 } };

/** Calm, readable defaults: a deep teal for action, generous type for people who read long notes. */
export const theme = {
  ...defaultTheme,
  palette: { primary: { main: '#0f5e66' }, secondary: { main: '#b4532a' } },
  typography: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
  components: {
    ...defaultTheme.components,
    MuiButton: {
      ...defaultTheme.components?.MuiButton,
      styleOverrides: { ...defaultTheme.components?.MuiButton?.styleOverrides, root: touch },
    },
    MuiIconButton: { styleOverrides: { root: { [PHONE]: { minHeight: 44, minWidth: 44 } } } },
    MuiListItemButton: { styleOverrides: { root: touch } },
    MuiMenuItem: { styleOverrides: { root: touch } },
    MuiToggleButton: { styleOverrides: { root: touch } },
    // Dialogs use the whole width of a phone rather than leaving a thin card in the middle.
    MuiDialog: { styleOverrides: { paper: { [PHONE]: { margin: 8, width: 'calc(100% - 16px)' } } } },
  },
};
