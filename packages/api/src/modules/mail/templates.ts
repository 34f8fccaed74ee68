import type { SessionEventRow } from '../calendar-feed/session-events';

/**
 * Messages in our own words, in English and Spanish (the recipient's language, else the district's), from
 * non-confidential fields only (titles, purpose, setting, protocol, norms, evidence to bring, times, counts, links).
 * Nothing here can reach notes, check-in/out, reflections or an action's description or completion text: the rows
 * given to these functions do not carry them.
 *
 * A template returns a Draft; `finish` turns it into the plain-text and HTML bodies once the message's unsubscribe
 * link is known (it names the message, whose id is made before it is stored).
 */

export type Lang = 'en' | 'es';
export const LANGS: readonly Lang[] = ['en', 'es'];

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

export interface Draft {
  lang: Lang;
  subject: string;
  greeting: string;
  paragraphs: string[];
  details: [string, string][];
  /** Where the subject is in the portal (null without PUBLIC_URL). */
  link: string | null;
  /** A list of lines with links (digests). */
  items?: { line: string; link: string | null }[];
  /** Headed sections (the weekly digest: one per school), each with its figures and headed lists. */
  sections?: DraftSection[];
}

export interface DraftSection {
  heading: string;
  details: [string, string][];
  lists: { heading: string; lines: string[]; empty: string }[];
}

const STRINGS = {
  en: {
    hello: (who: string) => `Hello ${who},`,
    open: 'Open it in Throughline',
    why: 'You receive this because you take part in learning conversations in Throughline.',
    manage: 'Choose what you receive, when, and in which language on the "Calendar and reminders" page of Throughline.',
    unsubscribe: 'Stop this kind of mail',
    when: 'When',
    length: 'Length',
    minutes: (n: number) => `${n} minutes`,
    where: 'Where',
    purpose: 'Purpose',
    protocol: 'Protocol',
    norms: 'Norms',
    evidence: 'Evidence to bring',
    facilitator: 'Facilitator',
    fromConversation: 'From the conversation',
    due: 'Due',
    invitation: 'Invitation',
    changed: 'Changed',
    cancelled: 'Cancelled',
    cancelText: 'This session will not take place. Your calendar removes it when you open the attached update.',
    updateText: 'A session you take part in has changed. The attached calendar entry replaces the one you had.',
    newText: 'You are expected at this learning conversation. Add it to your calendar with the attached entry.',
    comingUp: 'Coming up',
    bringPlanned: 'Your session is coming up. Please bring recent student evidence, as planned below.',
    bringAny: 'Your session is coming up. Recent student evidence makes it count: bring what you have.',
    pleaseLog: 'Please log',
    logText: 'This session has ended and is not logged yet. Record whether it was held, who came and what was decided.',
    rateSubject: 'Rate and reflect',
    rateText: (closes: string) => `You attended this session. Rate it and add your reflection before ${closes}.`,
    actionDueSubject: (d: string) => `An action of yours is due on ${d}`,
    actionOverdueSubject: (d: string) => `An action of yours is overdue (due ${d})`,
    actionDueText:
      'An action you own, agreed in a learning conversation, comes due soon. Update it in Throughline when it is done.',
    actionOverdueText:
      'An action you own is past its due date. Mark it done, or talk with your facilitator about it. We will remind you each week until it is done.',
    digestSubject: (n: number) => `Your day in Throughline: ${n} ${n === 1 ? 'reminder' : 'reminders'}`,
    digestText: 'Here is what needs you, gathered in one message as you asked.',
    weeklySubject: (from: string, to: string) => `Your schools' week in Throughline: ${from} to ${to}`,
    weeklyText: (from: string, to: string) =>
      `Here is how learning conversations went in your schools from ${from} to ${to}, as Throughline's funnel counts them, with the actions now overdue and the strategies off track.`,
    weeklyPending:
      'Sessions of the last days of the week may still be logged: they count as held or missed once their time to log them is over.',
    weeklyDue: 'Sessions due',
    weeklyHeld: 'Held',
    weeklyMissed: 'Missed',
    weeklyMissedWithReason: 'Cancelled late (missed with a reason)',
    weeklyOverdueCount: 'Actions overdue today',
    weeklyOverdue: 'Overdue actions',
    weeklyOverdueLine: (conversation: string, owner: string, due: string) =>
      `From "${conversation}": ${owner}, due ${due}`,
    weeklyOverdueMore: (n: number) => `and ${n} more (see them all in Throughline)`,
    weeklyNoOverdue: 'No action is overdue.',
    weeklyOffTrack: 'Strategies off track',
    weeklyNoOffTrack: 'No active strategy is off track.',
    protocols: {
      CHECK_IN_CHECK_OUT: 'Check-in and check-out',
      DOUBLE_LOOP_REVIEW: 'Double-loop review',
      COACHING_CYCLE: 'Coaching cycle',
      LEARNING_PARTNERSHIP: 'Learning partnership',
    } as Record<string, string>,
    locale: 'en-GB',
  },
  es: {
    hello: (who: string) => `Hola, ${who}:`,
    open: 'Abrir en Throughline',
    why: 'Recibe este mensaje porque participa en conversaciones de aprendizaje en Throughline.',
    manage: 'Elija qué recibe, cuándo y en qué idioma en la página «Calendar and reminders» de Throughline.',
    unsubscribe: 'No recibir más este tipo de correo',
    when: 'Cuándo',
    length: 'Duración',
    minutes: (n: number) => `${n} minutos`,
    where: 'Dónde',
    purpose: 'Propósito',
    protocol: 'Protocolo',
    norms: 'Normas',
    evidence: 'Evidencias que traer',
    facilitator: 'Facilitador/a',
    fromConversation: 'De la conversación',
    due: 'Vence',
    invitation: 'Invitación',
    changed: 'Cambio',
    cancelled: 'Cancelada',
    cancelText: 'Esta sesión no se celebrará. Su calendario la quitará cuando abra la actualización adjunta.',
    updateText: 'Ha cambiado una sesión en la que participa. La entrada de calendario adjunta sustituye a la anterior.',
    newText: 'Se cuenta con usted en esta conversación de aprendizaje. Añádala a su calendario con la entrada adjunta.',
    comingUp: 'Próximamente',
    bringPlanned: 'Su sesión se acerca. Traiga evidencias recientes del alumnado, tal como se indica abajo.',
    bringAny: 'Su sesión se acerca. Las evidencias recientes del alumnado le dan sentido: traiga las que tenga.',
    pleaseLog: 'Registre la sesión',
    logText: 'Esta sesión ya terminó y aún no está registrada. Anote si se celebró, quién asistió y qué se acordó.',
    rateSubject: 'Valore y reflexione',
    rateText: (closes: string) => `Usted asistió a esta sesión. Valórela y añada su reflexión antes del ${closes}.`,
    actionDueSubject: (d: string) => `Una acción suya vence el ${d}`,
    actionOverdueSubject: (d: string) => `Una acción suya está vencida (vencía el ${d})`,
    actionDueText:
      'Una acción a su cargo, acordada en una conversación de aprendizaje, vence pronto. Actualícela en Throughline cuando esté hecha.',
    actionOverdueText:
      'Una acción a su cargo ya pasó su fecha. Márquela como hecha o háblelo con quien facilita. Se lo recordaremos cada semana hasta que esté hecha.',
    digestSubject: (n: number) => `Su día en Throughline: ${n} ${n === 1 ? 'recordatorio' : 'recordatorios'}`,
    digestText: 'Aquí tiene lo que requiere su atención, reunido en un solo mensaje como pidió.',
    weeklySubject: (from: string, to: string) => `La semana de sus centros en Throughline: del ${from} al ${to}`,
    weeklyText: (from: string, to: string) =>
      `Así fueron las conversaciones de aprendizaje en sus centros del ${from} al ${to}, según las cuenta el embudo de Throughline, con las acciones ya vencidas y las estrategias que no van por buen camino.`,
    weeklyPending:
      'Las sesiones de los últimos días de la semana aún pueden registrarse: cuentan como celebradas o perdidas cuando termina el plazo para registrarlas.',
    weeklyDue: 'Sesiones previstas',
    weeklyHeld: 'Celebradas',
    weeklyMissed: 'Perdidas',
    weeklyMissedWithReason: 'Canceladas tarde (perdidas con motivo)',
    weeklyOverdueCount: 'Acciones vencidas hoy',
    weeklyOverdue: 'Acciones vencidas',
    weeklyOverdueLine: (conversation: string, owner: string, due: string) =>
      `De «${conversation}»: ${owner}, vencía el ${due}`,
    weeklyOverdueMore: (n: number) => `y ${n} más (véalas todas en Throughline)`,
    weeklyNoOverdue: 'Ninguna acción está vencida.',
    weeklyOffTrack: 'Estrategias desviadas',
    weeklyNoOffTrack: 'Ninguna estrategia activa está desviada.',
    protocols: {
      CHECK_IN_CHECK_OUT: 'Entrada y salida (check-in / check-out)',
      DOUBLE_LOOP_REVIEW: 'Revisión de doble ciclo',
      COACHING_CYCLE: 'Ciclo de acompañamiento',
      LEARNING_PARTNERSHIP: 'Alianza de aprendizaje',
    } as Record<string, string>,
    locale: 'es-ES',
  },
} satisfies Record<Lang, unknown>;

export function strings(lang: Lang) {
  return STRINGS[lang] ?? STRINGS.en;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A local date and time in a zone: "Tuesday, 10 March 2026, 10:00 (America/New_York)", or in Spanish. */
export function localWhen(at: Date, timezone: string, lang: Lang = 'en'): string {
  const text = new Intl.DateTimeFormat(strings(lang).locale, {
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

/** A calendar date (YYYY-MM-DD) in words: "10 March 2026" / "10 de marzo de 2026". */
export function localDate(day: string, lang: Lang = 'en'): string {
  return new Intl.DateTimeFormat(strings(lang).locale, {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${day}T00:00:00Z`));
}

/** The bodies of a draft, with the footer: why it came, where to choose, and the one-click unsubscribe link. */
export function finish(d: Draft, unsubscribe: string | null): Rendered {
  const t = strings(d.lang);
  const lines = [d.greeting, '', ...d.paragraphs.flatMap((p) => [p, '']), ...d.details.map(([k, v]) => `${k}: ${v}`)];
  for (const item of d.items ?? []) lines.push(`- ${item.line}${item.link ? `\n  ${item.link}` : ''}`);
  for (const section of d.sections ?? []) {
    lines.push('', `== ${section.heading} ==`, ...section.details.map(([k, v]) => `${k}: ${v}`));
    for (const list of section.lists)
      lines.push('', `${list.heading}:`, ...(list.lines.length ? list.lines.map((l) => `- ${l}`) : [list.empty]));
  }
  if (d.link) lines.push('', `${t.open}: ${d.link}`);
  lines.push('', '--', t.why, t.manage);
  if (unsubscribe) lines.push(`${t.unsubscribe}: ${unsubscribe}`);
  const html = [
    `<!doctype html><html lang="${d.lang}"><head><meta charset="utf-8"><title>${escapeHtml(d.subject)}</title></head><body>`,
    `<p>${escapeHtml(d.greeting)}</p>`,
    ...d.paragraphs.map((p) => `<p>${p.split('\n').map(escapeHtml).join('<br>')}</p>`),
    d.details.length
      ? `<dl>${d.details.map(([k, v]) => `<dt><strong>${escapeHtml(k)}</strong></dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`
      : '',
    d.items?.length
      ? `<ul>${d.items
          .map(
            (i) =>
              `<li>${i.link ? `<a href="${escapeHtml(i.link)}">${escapeHtml(i.line)}</a>` : escapeHtml(i.line)}</li>`,
          )
          .join('')}</ul>`
      : '',
    ...(d.sections ?? []).map((section) =>
      [
        `<h2>${escapeHtml(section.heading)}</h2>`,
        section.details.length
          ? `<dl>${section.details.map(([k, v]) => `<dt><strong>${escapeHtml(k)}</strong></dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`
          : '',
        ...section.lists.map(
          (list) =>
            `<h3>${escapeHtml(list.heading)}</h3>${
              list.lines.length
                ? `<ul>${list.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`
                : `<p>${escapeHtml(list.empty)}</p>`
            }`,
        ),
      ].join('\n'),
    ),
    d.link ? `<p><a href="${escapeHtml(d.link)}">${escapeHtml(t.open)}</a></p>` : '',
    `<hr><p><small>${escapeHtml(t.why)} ${escapeHtml(t.manage)}${
      unsubscribe ? ` <a href="${escapeHtml(unsubscribe)}">${escapeHtml(t.unsubscribe)}</a>.` : ''
    }</small></p>`,
    '</body></html>',
  ].join('\n');
  return { subject: d.subject, text: lines.join('\n'), html };
}

/** A session row, with the conversation's norms (titles) when a reminder names them. */
export type SessionRow = SessionEventRow & { norms?: string | null };

function sessionDetails(row: SessionRow, timezone: string, lang: Lang): [string, string][] {
  const t = strings(lang);
  const details: [string, string][] = [
    [t.when, localWhen(new Date(row.scheduled_at), timezone, lang)],
    [t.length, t.minutes(row.duration_minutes)],
  ];
  if (row.setting.trim()) details.push([t.where, row.setting]);
  details.push([t.purpose, row.purpose]);
  const protocol = t.protocols[row.protocol];
  if (protocol) details.push([t.protocol, protocol]);
  if (row.norms?.trim()) details.push([t.norms, row.norms]);
  if (row.evidence_to_bring.trim()) details.push([t.evidence, row.evidence_to_bring]);
  details.push([t.facilitator, row.facilitator_name]);
  return details;
}

export type InvitationKind = 'NEW' | 'UPDATE' | 'CANCEL';

export interface Audience {
  /** The recipient's given name. */
  who: string;
  lang: Lang;
  /** The zone times are written in: the recipient's, else the district's. */
  timezone: string;
}

export function invitationMessage(kind: InvitationKind, row: SessionRow, a: Audience, link: string | null): Draft {
  const t = strings(a.lang);
  const when = localWhen(new Date(row.scheduled_at), a.timezone, a.lang);
  const label = kind === 'CANCEL' ? t.cancelled : kind === 'UPDATE' ? t.changed : t.invitation;
  const text = kind === 'CANCEL' ? t.cancelText : kind === 'UPDATE' ? t.updateText : t.newText;
  return {
    lang: a.lang,
    subject: `${label}: ${row.title}, ${when}`,
    greeting: t.hello(a.who),
    paragraphs: [text],
    details: sessionDetails(row, a.timezone, a.lang),
    link,
  };
}

export function sessionReminderMessage(row: SessionRow, a: Audience, link: string | null): Draft {
  const t = strings(a.lang);
  return {
    lang: a.lang,
    subject: `${t.comingUp}: ${row.title}, ${localWhen(new Date(row.scheduled_at), a.timezone, a.lang)}`,
    greeting: t.hello(a.who),
    paragraphs: [row.evidence_to_bring.trim() ? t.bringPlanned : t.bringAny],
    details: sessionDetails(row, a.timezone, a.lang),
    link,
  };
}

export function logNudgeMessage(row: SessionRow, a: Audience, link: string | null): Draft {
  const t = strings(a.lang);
  return {
    lang: a.lang,
    subject: `${t.pleaseLog}: ${row.title}, ${localWhen(new Date(row.scheduled_at), a.timezone, a.lang)}`,
    greeting: t.hello(a.who),
    paragraphs: [t.logText],
    details: sessionDetails(row, a.timezone, a.lang),
    link,
  };
}

export function rateNudgeMessage(row: SessionRow, a: Audience, link: string | null, closes: Date): Draft {
  const t = strings(a.lang);
  return {
    lang: a.lang,
    subject: `${t.rateSubject}: ${row.title}`,
    greeting: t.hello(a.who),
    paragraphs: [t.rateText(localWhen(closes, a.timezone, a.lang))],
    details: sessionDetails(row, a.timezone, a.lang),
    link,
  };
}

export function actionMessage(
  kind: 'DUE' | 'OVERDUE',
  dueOn: string,
  conversationTitle: string,
  a: Audience,
  link: string | null,
): Draft {
  const t = strings(a.lang);
  const due = localDate(dueOn, a.lang);
  return {
    lang: a.lang,
    subject: kind === 'DUE' ? t.actionDueSubject(due) : t.actionOverdueSubject(due),
    greeting: t.hello(a.who),
    paragraphs: [kind === 'DUE' ? t.actionDueText : t.actionOverdueText],
    details: [
      [t.fromConversation, conversationTitle],
      [t.due, due],
    ],
    link,
  };
}

/** The daily digest: the reminders of the day, one line each (each line was a reminder's subject). */
export function dailyDigestMessage(items: { line: string; link: string | null }[], a: Audience): Draft {
  const t = strings(a.lang);
  return {
    lang: a.lang,
    subject: t.digestSubject(items.length),
    greeting: t.hello(a.who),
    paragraphs: [t.digestText],
    details: [],
    link: null,
    items,
  };
}

/** One school of the weekly digest: the funnel's counts for the week, the actions overdue today, strategies off track. */
export interface WeeklySchool {
  name: string;
  due: number;
  held: number;
  missed: number;
  missedWithReason: number;
  overdueCount: number;
  /** The first overdue actions (longest overdue first): their conversation's title, owner's name and due day. */
  overdue: { conversation: string; owner: string; dueOn: string }[];
  offTrack: string[];
}

/**
 * The school leader's weekly digest: for each school they lead, the week's sessions due, held, missed and missed with
 * a reason (the funnel's counts), the actions overdue today (by conversation, owner and due day: never an action's
 * own text) and the active strategies off track, with a link to the portal.
 */
export function weeklyDigestMessage(
  week: { from: string; to: string },
  schools: WeeklySchool[],
  a: Audience,
  link: string | null,
): Draft {
  const t = strings(a.lang);
  const from = localDate(week.from, a.lang);
  const to = localDate(week.to, a.lang);
  return {
    lang: a.lang,
    subject: t.weeklySubject(from, to),
    greeting: t.hello(a.who),
    paragraphs: [t.weeklyText(from, to), t.weeklyPending],
    details: [],
    link,
    sections: schools.map((s) => ({
      heading: s.name,
      details: [
        [t.weeklyDue, String(s.due)],
        [t.weeklyHeld, String(s.held)],
        [t.weeklyMissed, String(s.missed)],
        [t.weeklyMissedWithReason, String(s.missedWithReason)],
        [t.weeklyOverdueCount, String(s.overdueCount)],
      ],
      lists: [
        {
          heading: t.weeklyOverdue,
          lines: [
            ...s.overdue.map((o) => t.weeklyOverdueLine(o.conversation, o.owner, localDate(o.dueOn, a.lang))),
            ...(s.overdueCount > s.overdue.length ? [t.weeklyOverdueMore(s.overdueCount - s.overdue.length)] : []),
          ],
          empty: t.weeklyNoOverdue,
        },
        { heading: t.weeklyOffTrack, lines: s.offTrack, empty: t.weeklyNoOffTrack },
      ],
    })),
  };
}
