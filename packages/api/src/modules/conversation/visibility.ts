/**
 * Who takes part in a conversation: its facilitator, the people named, and holders of a participant role (at the
 * conversation's school, or anywhere for a district-wide one). SQL over alias `c`, with `:self` bound.
 */
export const PARTICIPATES = `(c.facilitator_id = :self
  OR EXISTS (SELECT 1 FROM conversation_participant cp
              WHERE cp.district_id = c.district_id AND cp.conversation_id = c.id AND cp.staff_member_id = :self)
  OR EXISTS (SELECT 1 FROM conversation_participant_role cpr
               JOIN role_assignment ra ON ra.district_id = cpr.district_id AND ra.role = cpr.role AND ra.staff_member_id = :self
              WHERE cpr.district_id = c.district_id AND cpr.conversation_id = c.id
                AND (c.school_id IS NULL OR ra.school_id IS NULL OR ra.school_id = c.school_id)))`;
