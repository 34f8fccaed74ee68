/** Choices shared by the district screens and the district's own settings page (names are message keys). */
import { choicesOf } from '../i18n/translate';

export const DISTRICT_STATUSES = choicesOf('tl.common.district_status', ['ACTIVE', 'SUSPENDED']);

/** The months, 1 to 12, named in the current language by react-admin's inputs (keys `tl.common.months.1`...). */
export const MONTHS = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, name: `tl.common.months.${i + 1}` }));

/**
 * Every IANA zone the browser knows. The API checks the zone again, so an older browser with a shorter list only
 * narrows the choice; it never lets a bad zone through.
 */
export const TIME_ZONES = (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []).map(
  (zone) => ({ id: zone, name: zone.replace(/_/g, ' ') }),
);
