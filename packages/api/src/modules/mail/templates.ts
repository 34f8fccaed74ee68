import { protocolLabel, type SessionEventRow } from '../calendar-feed/session-events';

/**
 * Messages in our own words, from non-confidential fields only (titles, purpose, setting, protocol, evidence to
 * bring, times, links). Nothing here can reach notes, check-in/out, reflections or an action's completion text: the
 * rows given to these functions do not carry them. English now; each template is one function, ready for a
 * translated twin.
 */

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A local date and time in the district's zone: "Tuesday, 10 March 2026, 10:00 (America/New_York)". */
export function localWhen(at: Date, timezone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
  return `${text} (${timezone})`;
}

function render(
  subject: string,
  greeting: string,
  paragraphs: string[],
  details: [string, string][],
  link: string | null,
): Rendered {
  const lines = [greeting, '', ...paragraphs.flatMap((p) => [p, '']), ...details.map(([k, v]) => `${k}: ${v}`)];
  if (link) lines.push('', `Open it in Throughline: ${link}`);
  lines.push(
    '',
    'You receive this because you take part in this conversation. Manage your mail in Throughline under your profile.',
  );
  const html = [
    '<!doctype html><html lang="en"><body>',
    `<p>${escapeHtml(greeting)}</p>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    details.length
      ? `<dl>${details.map(([k, v]) => `<dt><strong>${escapeHtml(k)}</strong></dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`
      : '',
    link ? `<p><a href="${escapeHtml(link)}">Open it in Throughline</a></p>` : '',
    '<p><small>You receive this because you take part in this conversation. Manage your mail in Throughline under your profile.</small></p>',
    '</body></html>',
  ].join('\n');
  return { subject, text: lines.join('\n'), html };
}

function sessionDetails(row: SessionEventRow, timezone: string): [string, string][] {
  const details: [string, string][] = [
    ['When', localWhen(new Date(row.scheduled_at), timezone)],
    ['Length', `${row.duration_minutes} minutes`],
  ];
  if (row.setting.trim()) details.push(['Where', row.setting]);
  details.push(['Purpose', row.purpose]);
  const protocol = protocolLabel(row.protocol);
  if (protocol) details.push(['Protocol', protocol]);
  if (row.evidence_to_bring.trim()) details.push(['Evidence to bring', row.evidence_to_bring]);
  details.push(['Facilitator', row.facilitator_name]);
  return details;
}

export type InvitationKind = 'NEW' | 'UPDATE' | 'CANCEL';

export function invitationMessage(
  kind: InvitationKind,
  row: SessionEventRow,
  who: string,
  timezone: string,
  link: string | null,
): Rendered {
  const when = localWhen(new Date(row.scheduled_at), timezone);
  if (kind === 'CANCEL')
    return render(
      `Cancelled: ${row.title}, ${when}`,
      `Hello ${who},`,
      ['This session will not take place. Your calendar removes it when you open the attached update.'],
      sessionDetails(row, timezone),
      link,
    );
  return render(
    `${kind === 'UPDATE' ? 'Changed' : 'Invitation'}: ${row.title}, ${when}`,
    `Hello ${who},`,
    [
      kind === 'UPDATE'
        ? 'A session you take part in has changed. The attached calendar entry replaces the one you had.'
        : 'You are expected at this learning conversation. Add it to your calendar with the attached entry.',
    ],
    sessionDetails(row, timezone),
    link,
  );
}

export function sessionReminderMessage(
  row: SessionEventRow,
  who: string,
  timezone: string,
  link: string | null,
): Rendered {
  return render(
    `Coming up: ${row.title}, ${localWhen(new Date(row.scheduled_at), timezone)}`,
    `Hello ${who},`,
    [
      row.evidence_to_bring.trim()
        ? 'Your session is coming up. Please bring recent student evidence, as planned below.'
        : 'Your session is coming up. Recent student evidence makes it count: bring what you have.',
    ],
    sessionDetails(row, timezone),
    link,
  );
}

export function logNudgeMessage(row: SessionEventRow, who: string, timezone: string, link: string | null): Rendered {
  return render(
    `Please log: ${row.title}, ${localWhen(new Date(row.scheduled_at), timezone)}`,
    `Hello ${who},`,
    ['This session has ended and is not logged yet. Record whether it was held, who came and what was decided.'],
    sessionDetails(row, timezone),
    link,
  );
}

export function rateNudgeMessage(
  row: SessionEventRow,
  who: string,
  timezone: string,
  link: string | null,
  closes: Date,
): Rendered {
  return render(
    `Rate and reflect: ${row.title}`,
    `Hello ${who},`,
    [`You attended this session. Rate it and add your reflection before ${localWhen(closes, timezone)}.`],
    sessionDetails(row, timezone),
    link,
  );
}

export function actionMessage(
  kind: 'DUE' | 'OVERDUE',
  dueOn: string,
  conversationTitle: string,
  who: string,
  link: string | null,
): Rendered {
  return render(
    kind === 'DUE' ? `An action of yours is due on ${dueOn}` : `An action of yours is overdue (due ${dueOn})`,
    `Hello ${who},`,
    [
      kind === 'DUE'
        ? 'An action you own, agreed in a learning conversation, comes due soon. Update it in Throughline when it is done.'
        : 'An action you own is past its due date. Mark it done, or talk with your facilitator about it.',
    ],
    [
      ['From the conversation', conversationTitle],
      ['Due', dueOn],
    ],
    link,
  );
}
