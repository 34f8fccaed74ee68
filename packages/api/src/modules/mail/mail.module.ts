import type { ApiModule } from '../../graphql/module';
import { EVENT_TASK, INVITATION_SCAN_TASK, onMailEvent, scanInvitations } from './invitations';
import { SEND_TASK, sendMessage } from './messages';
import { REMINDER_TASK, runReminders } from './reminders';
import { DIGEST_TASK, runDigests } from './digests';
import { MailResolver } from './mail.resolver';

/**
 * Mail: invitations from the outbox, reminders and nudges on a schedule (single, after quiet hours, or in a daily
 * digest), delivered through SMTP or kept in an outbox.
 */
export const mailModule: ApiModule = {
  name: 'mail',
  resolvers: [MailResolver],
  jobs: {
    tasks: {
      [EVENT_TASK]: onMailEvent,
      [SEND_TASK]: sendMessage,
      [INVITATION_SCAN_TASK]: scanInvitations,
      [REMINDER_TASK]: runReminders,
      [DIGEST_TASK]: runDigests,
    },
    cron: [
      { task: REMINDER_TASK, match: '*/5 * * * *' },
      { task: DIGEST_TASK, match: '*/15 * * * *' },
      { task: INVITATION_SCAN_TASK, match: '17 * * * *' },
    ],
  },
};
