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
    // A filled colour's text is white only where it reads at 4.5:1 (MUI's default threshold is 3).
    contrastThreshold: 4.5,
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
    // On a phone the page is never wider than the screen (WCAG 1.4.10): react-admin's layout grows to fit its widest
    // content ("fit-content"); here it keeps the screen's width, and a table that needs its columns side by side (a
    // data table, which 1.4.10 exempts) scrolls inside its own box instead of pushing the whole page sideways.
    RaLayout: {
      styleOverrides: { root: { [PHONE]: { minWidth: 0, '& .RaLayout-content': { minWidth: 0 } } } },
    },
    RaDatagrid: { styleOverrides: { root: { [PHONE]: { '& .RaDatagrid-tableWrapper': { overflowX: 'auto' } } } } },
    RaDataTable: { styleOverrides: { root: { [PHONE]: { '& .RaDataTable-tableWrapper': { overflowX: 'auto' } } } } },
    // The list around such a table: its main column may shrink to the screen, and its card scrolls what is wider.
    RaList: {
      styleOverrides: {
        root: {
          [PHONE]: { '& .RaList-main': { minWidth: 0, maxWidth: '100%' }, '& .RaList-content': { overflowX: 'auto' } },
        },
      },
    },
    // Long words (an address, a calendar link) wrap rather than widen a phone's page.
    MuiTypography: { styleOverrides: { root: { [PHONE]: { overflowWrap: 'anywhere' } } } },
    // On a phone a field is never wider than the screen, whatever minimum width its form asks for on a desktop
    // (WCAG 1.4.10 Reflow): forms set `minWidth` through `sx`, which only an important rule outranks.
    MuiFormControl: { styleOverrides: { root: { [PHONE]: { minWidth: '0 !important', maxWidth: '100%' } } } },
    // A disabled field's helper text still explains (why it is disabled, what to do): it reads at 4.5:1, not in the
    // "disabled" grey (2.7:1).
    MuiFormHelperText: {
      styleOverrides: {
        root: ({ theme: t }: { theme: { palette: { text: { secondary: string } } } }) => ({
          '&.Mui-disabled': { color: t.palette.text.secondary },
        }),
      },
    },
    // react-admin's error page is drawn at half opacity (its text 3.2:1, its button 1.6:1): drawn in full.
    RaError: { styleOverrides: { root: { opacity: 1 } } },
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

/**
 * The same portal after dark, chosen by the system setting (prefers-color-scheme; react-admin's `darkTheme`). Colours
 * lightened so that text, links, outlined chips and buttons read at 4.5:1 or more on MUI's dark surfaces (#121212
 * and its raised papers), and a filled colour's text is black wherever white would fall below 4.5:1.
 */
export const darkTheme = {
  ...theme,
  palette: {
    mode: 'dark' as const,
    contrastThreshold: 4.5,
    primary: { main: '#6cc6cf' },
    secondary: { main: '#f0a27f' },
    warning: { main: '#ffb35c' },
    info: { main: '#6cc2f5' },
    error: { main: '#ff8a80' },
    success: { main: '#7ccf81' },
  },
  components: {
    ...theme.components,
    RaLoading: { styleOverrides: { root: { '& .RaLoading-message': { color: 'rgba(255, 255, 255, 0.7)' } } } },
    MuiTableRow: {
      styleOverrides: { root: { '&:focus-visible': { outline: '2px solid #6cc6cf', outlineOffset: -2 } } },
    },
  },
};
