import { registerEnumType } from 'type-graphql';

/**
 * The languages Throughline writes in: a person's mail (modules/mail) and words the API composes for the portal,
 * such as a conversation's cadence (`LearningConversation.cadenceDescription(language:)`). Kept under its first
 * name, MailLanguage, so clients that already send it keep working.
 */
export const MailLanguage = { EN: 'en', ES: 'es' } as const;
export type MailLanguage = (typeof MailLanguage)[keyof typeof MailLanguage];
registerEnumType(MailLanguage, {
  name: 'MailLanguage',
  description: 'Languages Throughline writes in: mail, and words composed for the portal such as a cadence.',
});
