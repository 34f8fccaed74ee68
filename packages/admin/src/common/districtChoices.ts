/** Choices shared by the district screens and the district's own settings page. */

export const DISTRICT_STATUSES = [
  { id: 'ACTIVE', name: 'Active' },
  { id: 'SUSPENDED', name: 'Suspended' },
];

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
].map((name, i) => ({ id: i + 1, name }));

/**
 * Every IANA zone the browser knows. The API checks the zone again, so an older browser with a shorter list only
 * narrows the choice; it never lets a bad zone through.
 */
export const TIME_ZONES = (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []).map(
  (zone) => ({ id: zone, name: zone.replace(/_/g, ' ') }),
);
