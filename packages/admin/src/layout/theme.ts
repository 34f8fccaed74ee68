import { defaultTheme } from 'react-admin';

/** On a phone (narrower than 600 px) everything one taps is at least 44 px high (WCAG 2.5.5, Apple's and Google's advice). */
const PHONE = '@media (max-width:599.95px)';
const touch = { [PHONE]: { minHeight: 44 } };

/** Calm, readable defaults: a deep teal for action, generous type for people who read long notes. */
export const theme = {
  ...defaultTheme,
  // Status colours darkened from MUI's defaults so that chips, outlined buttons and their text read at 4.5:1 or more
  // on white and on the page's grey (WCAG 1.4.3): MUI's warning orange is 3.1:1 and its info blue 3.9:1.
  palette: {
    primary: { main: '#0f5e66' },
    secondary: { main: '#b4532a' },
    warning: { main: '#a84d00' },
    info: { main: '#0277bd' },
    error: { main: '#c62828' },
  },
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
    // react-admin's loading screen writes in the "disabled" grey (3.2:1): the secondary text colour reads.
    RaLoading: { styleOverrides: { root: { '& .RaLoading-message': { color: 'rgba(0, 0, 0, 0.6)' } } } },
    // A list's filters never push a phone's page sideways: each input is at most as wide as the screen.
    RaFilterForm: {
      styleOverrides: {
        root: { [PHONE]: { maxWidth: '100%', '& .MuiFormControl-root': { maxWidth: 'calc(100vw - 72px)' } } },
      },
    },
    // Every progress indicator has a name (WCAG 4.1.2); a bar that measures something names itself instead.
    MuiCircularProgress: { defaultProps: { 'aria-label': 'Loading' } },
    MuiLinearProgress: { defaultProps: { 'aria-label': 'Loading' } },
    // List rows that open a record are tab stops (layout/keyboardRows.ts): the focused one is outlined.
    MuiTableRow: {
      styleOverrides: { root: { '&:focus-visible': { outline: '2px solid #0f5e66', outlineOffset: -2 } } },
    },
    // Dialogs use the whole width of a phone rather than leaving a thin card in the middle.
    MuiDialog: { styleOverrides: { paper: { [PHONE]: { margin: 8, width: 'calc(100% - 16px)' } } } },
  },
};
