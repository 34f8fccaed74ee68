/**
 * Work to hand over: what a person still carries that someone must take on before they leave (are deactivated).
 * - the active conversations they facilitate: their future sessions need someone to run and log them;
 * - the open actions they own (OPEN or IN_PROGRESS): someone has to see them through;
 * - the open strategies they own (DRAFT or ACTIVE): someone answers for them.
 * What is over stays theirs: inactive conversations, actions DONE or DROPPED, strategies COMPLETED or ARCHIVED keep
 * their facilitator or owner, so the record still says who did the work.
 *
 * Only SQL needs this rule (staff/handover.ts counts and moves the work): each fragment selects the rows of the
 * person named by the parameter `:leaving`, over the table alias given (none in an UPDATE). With `many`, `:leaving`
 * is an array of people (a roster import's leavers, all at once).
 */
const column = (alias: string | undefined, name: string) => (alias ? `${alias}.${name}` : name);
const whoIs = (many: boolean) => (many ? '= ANY(:leaving)' : '= :leaving');

export function facilitatesSql(conversation?: string, many = false): string {
  return `${column(conversation, 'active')} AND ${column(conversation, 'facilitator_id')} ${whoIs(many)}`;
}

export function ownsOpenActionSql(action?: string, many = false): string {
  return `${column(action, 'status')} IN ('OPEN', 'IN_PROGRESS') AND ${column(action, 'owner_id')} ${whoIs(many)}`;
}

export function ownsOpenStrategySql(strategy?: string, many = false): string {
  return `${column(strategy, 'status')} IN ('DRAFT', 'ACTIVE') AND ${column(strategy, 'owner_id')} ${whoIs(many)}`;
}
