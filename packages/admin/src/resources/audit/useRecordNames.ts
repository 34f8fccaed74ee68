import { useEffect, useState } from 'react';
import { graphql } from '../../portal';

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
  ... on Skill { name }`;

type Named = { id: string; name?: string; displayName?: string; title?: string; text?: string } | null;

/**
 * Names for the records on the page shown, in one request. The API answers null for anything the reader may
 * not see (or that is gone), and the row then shows only the record's type.
 */
export function useRecordNames(ids: string[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    if (!key) return;
    let current = true;
    graphql<{ nodes: Named[] }>(`query($ids: [ID!]!) { nodes(ids: $ids) { id ${NAME_FRAGMENTS} } }`, {
      ids: key.split(','),
    }).then(
      (data) => {
        if (!current) return;
        const found: Record<string, string> = {};
        for (const n of data.nodes) {
          const name = n && (n.displayName ?? n.name ?? n.title ?? n.text);
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
