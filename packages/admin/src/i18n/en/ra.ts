import englishMessages from 'ra-language-english';

/**
 * react-admin's own messages in English (ra-language-english), with what the person reads after a save, a refusal or
 * a missing record in Throughline's words instead of the generic "Element created" / "Access denied".
 * es/ra.ts is the same keys in Spanish (tests/admin/i18n-messages.test.ts proves they match).
 */
const ra = englishMessages.ra as Record<string, Record<string, unknown>>;

export default {
  ...ra,
  notification: {
    ...ra.notification,
    created: 'Saved',
    updated: 'Changes saved |||| %{smart_count} records changed',
    deleted: 'Removed |||| %{smart_count} records removed',
    item_doesnt_exist: 'That record no longer exists, or it is not yours to see.',
    not_authorized: 'That is not yours to see.',
  },
  page: { ...ra.page, access_denied: 'Not yours to see' },
  message: {
    ...ra.message,
    access_denied: 'This page belongs to a school or a role that yours do not reach.',
    // react-admin's not-found page adds the full stop itself ("{message}."): none here, or it reads "link..".
    not_found: 'Either you typed a wrong URL, or you followed a bad link',
  },
};
