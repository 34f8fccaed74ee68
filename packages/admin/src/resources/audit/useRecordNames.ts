import { useEffect, useState } from 'react';
import { graphql } from '../../portal';
import type { RecordName } from './auditLabels';

/** The readable name of each kind of record the log points at; kinds without one show their type only. */
const NAME_FRAGMENTS = `
  ... on District { name }
  ... on School { name }
  ... on StaffMember { displayName }
  ... on ImprovementStrategy { title }
  ... on LearningConversation { title }
  ... on Norm { title }
  ... on RubricCriterion { name }
  ... on QuestionBankItem { text }
  ... on ReflectionPrompt { text }
  ... on Skill { name }
  ... on RoleAssignment { role scope school { name } staffMember { displayName } }
  ... on ConversationSession { scheduledAt conversation { title } }`;

type Named = {
  id: string;
  name?: string;
  displayName?: string;
  title?: string;
  text?: string;
  role?: string;
  scope?: string;
  school?: { name: string } | null;
  staffMember?: { displayName: string } | null;
  scheduledAt?: string;
  conversation?: { title: string } | null;
} | null;

/**
 * The readable name of a record, put into words when shown (auditLabels.recordNameText): a role assignment keeps the
 * person, the role and the school apart ("Ben Cho, school leader of Lincoln Middle").
 */
function nameOf(n: NonNullable<Named>): RecordName | undefined {
  if (n.role)
    return {
      kind: 'role',
      person: n.staffMember?.displayName ?? null,
      role: n.role,
      district: n.scope === 'DISTRICT',
      school: n.school?.name ?? null,
    };
  if (n.scheduledAt) return { kind: 'session', title: n.conversation?.title ?? null, scheduledAt: n.scheduledAt };
  const text = n.displayName ?? n.name ?? n.title ?? n.text;
  return text ? { kind: 'text', text } : undefined;
}

/**
 * Names for the records on the page shown, in one request. The API answers null for anything the reader may
 * not see (or that is gone), and the row then shows only the record's type.
 */
export function useRecordNames(ids: string[]): Record<string, RecordName> {
  const [names, setNames] = useState<Record<string, RecordName>>({});
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    if (!key) return;
    let current = true;
    graphql<{ nodes: Named[] }>(`query($ids: [ID!]!) { nodes(ids: $ids) { id ${NAME_FRAGMENTS} } }`, {
      ids: key.split(','),
    }).then(
      (data) => {
        if (!current) return;
        const found: Record<string, RecordName> = {};
        for (const n of data.nodes) {
          const name = n && nameOf(n);
          if (n && name) found[n.id] = name;
        }
        setNames(found);
      },
      // Names are a courtesy: the log reads fine without them.
      () => current && setNames({}),
    );
    return () => {
      current = false;
    };
  }, [key]);
  return names;
}
