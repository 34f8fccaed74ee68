/**
 * react-admin's per-resource messages (mounted at `resources.*`, not `tl.*`): each resource's name (singular ||||
 * plural; the menu, page titles and "No strategies yet") and what the person reads after a save, in Throughline's
 * words instead of react-admin's "Element created". The keys are react-admin's: `resources.<name>.name`,
 * `resources.<name>.notifications.created|updated|deleted`.
 */
const saved = (name: string, created: string, updated: string, deleted = 'Removed') => ({
  name,
  notifications: { created, updated, deleted },
});

export default {
  districts: saved('District |||| Districts', 'District provisioned', 'District saved'),
  schools: saved('School |||| Schools', 'School added', 'School saved'),
  staff: saved('Staff member |||| Staff', 'Staff member added', 'Staff member saved'),
  strategies: saved('Strategy |||| Strategies', 'Strategy created', 'Strategy saved'),
  conversations: saved(
    'Conversation |||| Conversations',
    'Conversation planned and its sessions scheduled',
    'Conversation saved',
  ),
  sessions: saved('Session |||| Sessions', 'Session added', 'Session saved'),
  // An action's page is titled "Action" (its description is the page's heading).
  actions: { ...saved('Action |||| Actions', 'Action added', 'Action saved'), page: { show: 'Action' } },
  apiClients: saved('API client |||| API clients', 'API client created', 'API client saved'),
  norms: saved('Norm |||| Norms', 'Norm added', 'Norm saved', 'Norm retired'),
  rubricCriteria: saved('Rubric criterion |||| Rubric', 'Criterion added', 'Criterion saved', 'Criterion retired'),
  questionBankItems: saved('Question |||| Question bank', 'Question added', 'Question saved', 'Question retired'),
  reflectionPrompts: saved(
    'Reflection prompt |||| Reflection prompts',
    'Prompt added',
    'Prompt saved',
    'Prompt retired',
  ),
  skills: saved('Skill |||| Skills', 'Skill added', 'Skill saved', 'Skill retired'),
  auditEvents: { name: 'Audit event |||| Audit log' },
  roleAssignments: { name: 'Role |||| Roles' },
};
