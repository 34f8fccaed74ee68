import englishMessages from 'ra-language-english';
import polyglotI18nProvider from 'ra-i18n-polyglot';

/**
 * react-admin's English messages, with what the person reads after a save in Throughline's own words instead of the
 * generic "Element created" (per resource: `resources.<name>.notifications.*`, which react-admin looks up first).
 */
const saved = (created: string, updated: string, deleted = 'Removed') => ({
  notifications: { created, updated, deleted },
});

const messages = {
  ...englishMessages,
  ra: {
    ...englishMessages.ra,
    notification: {
      ...englishMessages.ra.notification,
      created: 'Saved',
      updated: 'Changes saved |||| %{smart_count} records changed',
      deleted: 'Removed |||| %{smart_count} records removed',
      item_doesnt_exist: 'That record no longer exists, or it is not yours to see.',
      not_authorized: 'That is not yours to see.',
    },
    page: { ...englishMessages.ra.page, access_denied: 'Not yours to see' },
    message: {
      ...englishMessages.ra.message,
      access_denied: 'This page belongs to a school or a role that yours do not reach.',
    },
  },
  resources: {
    districts: saved('District provisioned', 'District saved'),
    schools: saved('School added', 'School saved'),
    staff: saved('Staff member added', 'Staff member saved'),
    strategies: saved('Strategy created', 'Strategy saved'),
    conversations: saved('Conversation planned and its sessions scheduled', 'Conversation saved'),
    sessions: saved('Session added', 'Session saved'),
    actions: saved('Action added', 'Action saved'),
    apiClients: saved('API client created', 'API client saved'),
    norms: saved('Norm added', 'Norm saved', 'Norm retired'),
    rubricCriteria: saved('Criterion added', 'Criterion saved', 'Criterion retired'),
    questionBankItems: saved('Question added', 'Question saved', 'Question retired'),
    reflectionPrompts: saved('Prompt added', 'Prompt saved', 'Prompt retired'),
    skills: saved('Skill added', 'Skill saved', 'Skill retired'),
  },
};

export const i18nProvider = polyglotI18nProvider(() => messages, 'en', [{ locale: 'en', name: 'English' }], {
  allowMissing: true,
});
