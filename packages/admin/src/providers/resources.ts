import type { RaRecord } from 'react-admin';

/** How one react-admin resource maps onto the API: its connection, node type, fields, filter, order and mutations. */
export interface ResourceConfig {
  list: string;
  type: string;
  fields: string;
  filterType?: string;
  orderType?: string;
  /** react-admin sort field -> the API's order field enum value. */
  order?: Record<string, string>;
  filter?: (f: Record<string, unknown>) => Record<string, unknown> | undefined;
  extraArgs?: string;
  toRecord?: (node: RaRecord) => RaRecord;
  create?: {
    mutation: string;
    inputType: string;
    payload: string;
    input: (data: Record<string, unknown>) => Record<string, unknown>;
  };
  update?: {
    mutation: string;
    inputType: string;
    payload: string;
    input: (data: Record<string, unknown>, previous: Record<string, unknown>) => Record<string, unknown>;
  };
  remove?: { mutation: string; inputType: string };
}

/** Keeps only the named keys whose value is not undefined (react-admin forms send everything). */
export function pick(data: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => data[k] !== undefined && data[k] !== null).map((k) => [k, data[k]]));
}

/** For updates: only what changed, with the id and the version the form was loaded with. */
export function changed(
  data: Record<string, unknown>,
  previous: Record<string, unknown>,
  keys: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = { id: previous.id, version: previous.version };
  for (const k of keys) {
    if (data[k] !== undefined && JSON.stringify(data[k]) !== JSON.stringify(previous[k]))
      out[k] = data[k] === '' ? null : data[k];
  }
  return out;
}

/** A filter object without empty values; undefined when nothing is set. */
function compact(f: Record<string, unknown>, keys: string[]): Record<string, unknown> | undefined {
  const out = Object.fromEntries(
    keys.filter((k) => f[k] !== undefined && f[k] !== '' && f[k] !== null).map((k) => [k, f[k]]),
  );
  return Object.keys(out).length ? out : undefined;
}

const SCHOOL_FIELDS = `id name code gradeLow gradeHigh status version createdAt updatedAt`;
const STAFF_FIELDS = `id givenName familyName displayName email title rosterId active deactivatedAt version createdAt
  roleAssignments { id role scope school { id name } }`;
const STRATEGY_FIELDS = `id title goal kind status startsOn endsOn successMeasures districtWide version createdAt updatedAt
  school { id name } owner { id displayName }
  mappings { id dimension expectedChange version conversation { id title type } }`;
/** `$language`: the data provider declares it and sends the portal's language (dataProvider.ts, languageOf). */
const CONVERSATION_FIELDS = `id title type purpose cadence cadenceDescription(language: $language) firstStartsAt durationMinutes setting protocol evidenceToBring
  confidentiality scheduleUntil active version school { id name } facilitator { id displayName } participants { id displayName }
  participantRoles normIds skillFocusId`;
const SESSION_FIELDS = `id scheduledAt state heldAt durationMinutes cancelReason recordingConsent version updatedAt notes checkIn checkOut
  confidentialWithheld
  conversation { id title type durationMinutes confidentiality school { id name } facilitator { id displayName }
    participants { id displayName } }
  attendees { id displayName } evidence { id kind description collectedOn }
  actions { id description dueOn originalDueOn dueDateChanged status overdue completedOn practiceChangeEvidence
    practiceChangeStatus sustainedCheckOpensAt version owner { id displayName } }
  quality { status ratingClosesAt minRaters overall raterCount selfRating criteria { criterionId criterionName mean raterCount } }
  myRatings { criterionId criterionName score }
  reflections { id mine shared updatedAt author { id displayName } answers { promptId prompt answer } }`;
const ACTION_FIELDS = `id description dueOn originalDueOn dueDateChanged status completedOn completedAt completionEvidence
  practiceChangeEvidence practiceChangeStatus sustainedCheckOpensAt overdue version createdAt updatedAt
  corroboration { checkedAt evidenceKind note checkedBy { id displayName } }
  sustained { checkedAt evidenceKind note checkedBy { id displayName } }
  owner { id displayName } session { id scheduledAt state conversation { id title school { id name } } }`;
const LIBRARY = (text: string) => `id ${text} position active version createdAt updatedAt`;

/** `extraFields` adds what one library shows beyond its texts (the skills' trained staff). */
function library(list: string, type: string, textFields: string[], mutation: string, extraFields = ''): ResourceConfig {
  return {
    list,
    type,
    fields: `${LIBRARY(textFields.join(' '))} ${extraFields}`,
    filterType: 'LibraryFilter',
    filter: (f) => compact(f, ['active', 'search']),
    create: {
      mutation: `${mutation}Create`,
      inputType: `${type}CreateInput`,
      payload: mutation,
      input: (d) => pick(d, [...textFields, 'position']),
    },
    update: {
      mutation: `${mutation}Update`,
      inputType: `${type}UpdateInput`,
      payload: mutation,
      input: (d, p) => changed(d, p, [...textFields, 'position', 'active']),
    },
  };
}

/** Sessions: `from`/`to` are instants (the list's day pickers turn district days into them). */
const SESSIONS: ResourceConfig = {
  list: 'sessions',
  type: 'ConversationSession',
  fields: SESSION_FIELDS,
  filterType: 'SessionFilter',
  filter: (f) => {
    const out = compact(f, ['conversationId', 'strategyId', 'schoolId', 'from', 'to']) ?? {};
    if (f.mine) out.mine = true;
    if (f.state) out.state = Array.isArray(f.state) ? f.state : [f.state];
    return Object.keys(out).length ? out : undefined;
  },
  toRecord: (r) => ({ ...r, attendeeIds: ((r.attendees as { id: string }[]) ?? []).map((a) => a.id) }),
};

export const RESOURCES: Record<string, ResourceConfig> = {
  districts: {
    list: 'districts',
    type: 'District',
    fields: `id name slug timezone academicYearStartMonth status version createdAt`,
    filterType: 'DistrictFilter',
    filter: (f) => compact(f, ['search', 'status']),
    create: {
      mutation: 'districtCreate',
      inputType: 'DistrictCreateInput',
      payload: 'district',
      input: (d) => ({ ...pick(d, ['name', 'slug', 'timezone', 'academicYearStartMonth']), firstAdmin: d.firstAdmin }),
    },
    update: {
      mutation: 'districtUpdate',
      inputType: 'DistrictUpdateInput',
      payload: 'district',
      input: (d, p) => changed(d, p, ['name', 'timezone', 'academicYearStartMonth', 'status']),
    },
  },
  schools: {
    list: 'schools',
    type: 'School',
    fields: SCHOOL_FIELDS,
    filterType: 'SchoolFilter',
    orderType: 'SchoolOrder',
    order: { name: 'NAME', code: 'CODE', createdAt: 'CREATED_AT' },
    filter: (f) => compact(f, ['search', 'status']),
    create: {
      mutation: 'schoolCreate',
      inputType: 'SchoolCreateInput',
      payload: 'school',
      input: (d) => pick(d, ['name', 'code', 'gradeLow', 'gradeHigh']),
    },
    update: {
      mutation: 'schoolUpdate',
      inputType: 'SchoolUpdateInput',
      payload: 'school',
      input: (d, p) => changed(d, p, ['name', 'code', 'gradeLow', 'gradeHigh', 'status']),
    },
  },
  staff: {
    list: 'staffMembers',
    type: 'StaffMember',
    fields: STAFF_FIELDS,
    filterType: 'StaffMemberFilter',
    orderType: 'StaffMemberOrder',
    order: {
      familyName: 'FAMILY_NAME',
      displayName: 'FAMILY_NAME',
      givenName: 'GIVEN_NAME',
      email: 'EMAIL',
      createdAt: 'CREATED_AT',
    },
    filter: (f) => compact(f, ['search', 'active', 'schoolId', 'role']),
    create: {
      mutation: 'staffMemberCreate',
      inputType: 'StaffMemberCreateInput',
      payload: 'staffMember',
      input: (d) => pick(d, ['givenName', 'familyName', 'email', 'title', 'rosterId', 'password']),
    },
    update: {
      mutation: 'staffMemberUpdate',
      inputType: 'StaffMemberUpdateInput',
      payload: 'staffMember',
      input: (d, p) => changed(d, p, ['givenName', 'familyName', 'email', 'title', 'rosterId']),
    },
  },
  roleAssignments: {
    list: 'roleAssignments',
    type: 'RoleAssignment',
    fields: `id role scope createdAt school { id name } staffMember { id displayName }`,
    filterType: 'RoleAssignmentFilter',
    filter: (f) => compact(f, ['staffMemberId', 'schoolId', 'role']),
    create: {
      mutation: 'roleAssignmentCreate',
      inputType: 'RoleAssignmentCreateInput',
      payload: 'roleAssignment',
      input: (d) => pick(d, ['staffMemberId', 'role', 'schoolId']),
    },
    remove: { mutation: 'roleAssignmentDelete', inputType: 'RoleAssignmentDeleteInput' },
  },
  strategies: {
    list: 'strategies',
    type: 'ImprovementStrategy',
    fields: STRATEGY_FIELDS,
    filterType: 'StrategyFilter',
    orderType: 'ImprovementStrategyOrder',
    order: { title: 'TITLE', startsOn: 'STARTS_ON', createdAt: 'CREATED_AT' },
    filter: (f) => {
      const out = compact(f, ['schoolId', 'kind', 'search']) ?? {};
      if (f.status) out.status = Array.isArray(f.status) ? f.status : [f.status];
      // The scope filter is a select ('true' / 'false' in the URL); the API takes a boolean.
      if (f.districtWide !== undefined && f.districtWide !== '')
        out.districtWide = f.districtWide === true || f.districtWide === 'true';
      return Object.keys(out).length ? out : undefined;
    },
    toRecord: (r) => ({
      ...r,
      schoolId: (r.school as { id: string } | null)?.id ?? null,
      ownerId: (r.owner as { id: string } | null)?.id ?? null,
    }),
    create: {
      mutation: 'strategyCreate',
      inputType: 'StrategyCreateInput',
      payload: 'strategy',
      input: (d) =>
        pick(d, ['schoolId', 'title', 'goal', 'kind', 'status', 'startsOn', 'endsOn', 'ownerId', 'successMeasures']),
    },
    update: {
      mutation: 'strategyUpdate',
      inputType: 'StrategyUpdateInput',
      payload: 'strategy',
      input: (d, p) =>
        changed(d, p, ['title', 'goal', 'kind', 'status', 'startsOn', 'endsOn', 'ownerId', 'successMeasures']),
    },
  },
  conversations: {
    list: 'conversations',
    type: 'LearningConversation',
    fields: CONVERSATION_FIELDS,
    filterType: 'ConversationFilter',
    filter: (f) => compact(f, ['schoolId', 'type', 'facilitatorId', 'strategyId', 'active', 'search']),
    toRecord: (r) => ({
      ...r,
      participantIds: ((r.participants as { id: string }[]) ?? []).map((p) => p.id),
      facilitatorId: (r.facilitator as { id: string } | null)?.id,
      schoolId: (r.school as { id: string } | null)?.id,
    }),
    create: {
      mutation: 'conversationCreate',
      inputType: 'ConversationCreateInput',
      payload: 'conversation',
      input: (d) =>
        pick(d, [
          'schoolId',
          'title',
          'type',
          'purpose',
          'cadence',
          'firstStartsAt',
          'durationMinutes',
          'setting',
          'facilitatorId',
          'protocol',
          'evidenceToBring',
          'confidentiality',
          'scheduleUntil',
          'participantIds',
          'participantRoles',
          'normIds',
          'skillFocusId',
        ]),
    },
    update: {
      mutation: 'conversationUpdate',
      inputType: 'ConversationUpdateInput',
      payload: 'conversation',
      input: (d, p) =>
        changed(d, p, [
          'title',
          'type',
          'purpose',
          'cadence',
          'firstStartsAt',
          'durationMinutes',
          'setting',
          'facilitatorId',
          'protocol',
          'evidenceToBring',
          'confidentiality',
          'scheduleUntil',
          'active',
          'participantIds',
          'participantRoles',
          'normIds',
          'skillFocusId',
        ]),
    },
  },
  sessions: SESSIONS,
  // The same list newest first: the API orders sessions with a `descending` flag rather than an orderBy, so the
  // sessions list sends DESC sorts here (see resources/sessions/SessionList.tsx).
  sessionsNewestFirst: { ...SESSIONS, extraArgs: 'descending: true' },
  actions: {
    list: 'actionItems',
    type: 'ActionItem',
    fields: ACTION_FIELDS,
    filterType: 'ActionItemFilter',
    filter: (f) => {
      const out = compact(f, ['ownerId', 'sessionId', 'conversationId', 'strategyId', 'schoolId']) ?? {};
      // Quick filters are switches: only "on" narrows the list.
      if (f.mine) out.mine = true;
      if (f.overdue) out.overdue = true;
      if (f.status) out.status = Array.isArray(f.status) ? f.status : [f.status];
      return Object.keys(out).length ? out : undefined;
    },
    update: {
      mutation: 'actionItemUpdate',
      inputType: 'ActionItemUpdateInput',
      payload: 'actionItem',
      input: (d, p) => changed(d, p, ['description', 'ownerId', 'dueOn']),
    },
  },
  auditEvents: {
    list: 'auditEvents',
    type: 'AuditEvent',
    fields: `id occurredAt actorKind action entityType entityId fields client actor { id displayName }`,
    filterType: 'AuditEventFilter',
    filter: (f) => {
      const out = compact(f, ['entityType', 'action', 'actorId']) ?? {};
      // The screen picks whole days in the browser's time zone; the API takes instants, the upper bound exclusive.
      if (f.from) out.occurredAfter = new Date(`${f.from}T00:00:00`).toISOString();
      if (f.to) {
        const end = new Date(`${f.to}T00:00:00`);
        end.setDate(end.getDate() + 1);
        out.occurredBefore = end.toISOString();
      }
      return Object.keys(out).length ? out : undefined;
    },
  },
  apiClients: {
    list: 'apiClients',
    type: 'ApiClient',
    fields: `id clientId name description scopes allowedAddresses active version createdAt updatedAt lastUsedAt revokedAt
      owner { id displayName } secrets { id createdAt expiresAt }`,
    filterType: 'ApiClientFilter',
    filter: (f) => (f.active === true || f.active === false ? { active: f.active } : undefined),
    // The form edits the addresses as text, one a line.
    toRecord: (r) => ({ ...r, allowedAddressesText: ((r.allowedAddresses as string[]) ?? []).join('\n') }),
    update: {
      mutation: 'apiClientUpdate',
      inputType: 'ApiClientUpdateInput',
      payload: 'apiClient',
      input: (d, p) =>
        changed(
          {
            ...d,
            allowedAddresses: String(d.allowedAddressesText ?? '')
              .split(/[\s,]+/)
              .filter((s) => s.length > 0),
          },
          p,
          ['name', 'description', 'scopes', 'allowedAddresses'],
        ),
    },
  },
  norms: library('norms', 'Norm', ['title', 'description'], 'norm'),
  rubricCriteria: library('rubricCriteria', 'RubricCriterion', ['name', 'description'], 'rubricCriterion'),
  questionBankItems: library('questionBankItems', 'QuestionBankItem', ['text', 'purpose'], 'questionBankItem'),
  reflectionPrompts: library('reflectionPrompts', 'ReflectionPrompt', ['text'], 'reflectionPrompt'),
  skills: library(
    'skills',
    'Skill',
    ['name', 'description'],
    'skill',
    'trainedStaff { trainedOn staffMember { id displayName email active } }',
  ),
};
