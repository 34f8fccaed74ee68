import { useCallback, useEffect, useState } from 'react';
import { graphql } from '../../portal';

export interface SkillTraining {
  trainedOn: string;
  staffMember: { id: string; displayName: string; email: string; active: boolean } | null;
}

/**
 * A skill's trained staff, read apart from the edit form's record: refreshing the record after each training
 * would reset the form above and drop edits the person has not saved yet.
 */
export function useSkillTrainings(skillId: string | undefined) {
  const [trainings, setTrainings] = useState<SkillTraining[] | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((r) => r + 1), []);

  useEffect(() => {
    if (!skillId) return;
    let current = true;
    graphql<{ node: { trainedStaff: SkillTraining[] } | null }>(
      `
        query ($id: ID!) {
          node(id: $id) {
            ... on Skill {
              id
              trainedStaff {
                trainedOn
                staffMember {
                  id
                  displayName
                  email
                  active
                }
              }
            }
          }
        }
      `,
      { id: skillId },
    ).then(
      (data) => {
        if (!current) return;
        setTrainings(data.node?.trainedStaff ?? []);
        setError(null);
      },
      (e: Error) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [skillId, round]);

  return { trainings, error, reload };
}
