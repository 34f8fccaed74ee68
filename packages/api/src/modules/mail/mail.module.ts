import type { ApiModule } from '../../graphql/module';
import { EVENT_TASK, INVITATION_SCAN_TASK, onMailEvent, scanInvitations } from './invitations';
import { SEND_TASK, sendMessage } from './messages';
import { REMINDER_TASK, runReminders } from './reminders';
import { DIGEST_TASK, runDigests } from './digests';
import { WEEKLY_DIGEST_TASK, runWeeklyDigests } from './weekly-digest';
import { MailResolver } from './mail.resolver';
import { MailMessageEntity } from './mail-message.entity';

/**
 * Mail: invitations from the outbox, reminders and nudges on a schedule (single, after quiet hours, or in a daily
 * digest), the school leader's weekly digest, delivered through SMTP or kept in an outbox.
 */
export const mailModule: ApiModule = {
  name: 'mail',
  resolvers: [MailResolver],
  entities: [MailMessageEntity],
  jobs: {
    tasks: {
      [EVENT_TASK]: onMailEvent,
      [SEND_TASK]: sendMessage,
      [INVITATION_SCAN_TASK]: scanInvitations,
      [REMINDER_TASK]: runReminders,
      [DIGEST_TASK]: runDigests,
      [WEEKLY_DIGEST_TASK]: runWeeklyDigests,
    },
    cron: [
      { task: REMINDER_TASK, match: '*/5 * * * *' },
      { task: DIGEST_TASK, match: '*/15 * * * *' },
      { task: WEEKLY_DIGEST_TASK, match: '*/15 * * * *' },
      { task: INVITATION_SCAN_TASK, match: '17 * * * *' },
    ],
  },
};
