import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ActionStatus, PracticeChangeStatus, PracticeEvidenceKind } from '@throughline/shared';
import { Node } from '../../graphql/node.type';
import { ConnectionType } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { LocalDate } from '../../graphql/scalars';
import type { ActionDateChangeEntity, ActionEntity } from './action.entity';
import { practiceChangeStatus } from './rules/practice-change';

registerEnumType(ActionStatus, { name: 'ActionStatus' });
registerEnumType(PracticeChangeStatus, {
  name: 'PracticeChangeStatus',
  description: 'SELF_REPORTED (the owner’s evidence) -> CORROBORATED (a second person observed it) -> SUSTAINED.',
});
registerEnumType(PracticeEvidenceKind, { name: 'PracticeEvidenceKind' });

@ObjectType('PracticeChangeCheck', {
  description:
    'A second person’s record that a practice change was observed (corroboration, or the sustained re-check).',
})
export class PracticeChangeCheck {
  @Field(() => Date, { description: 'The server’s time.' }) checkedAt: Date;
  @Field(() => PracticeEvidenceKind) evidenceKind: PracticeEvidenceKind;
  /** Resolved by the action resolver: the note, only inside the conversation's confidentiality boundary. */
  checkedByRawId: string;
  noteText: string;
  /** The action's session and owner: who may read the note. */
  sessionRawId: string;
  ownerRawId: string;
  /** The action it belongs to, and the column its note is (the read audit names both, never the note). */
  actionRawId: string;
  noteField: 'corroborationNote' | 'sustainedNote';
}

@ObjectType('ActionDateChange', { description: 'A due date moved, or a completion day corrected.' })
export class ActionDateChange {
  @Field(() => LocalDate) oldValue: string;
  @Field(() => LocalDate) newValue: string;
  @Field(() => Date) changedAt: Date;
  field: 'DUE_ON' | 'COMPLETED_ON';
  changedByRawId: string | null;

  static from(e: ActionDateChangeEntity): ActionDateChange {
    return Object.assign(new ActionDateChange(), {
      oldValue: e.oldValue,
      newValue: e.newValue,
      changedAt: e.changedAt,
      field: e.field,
      changedByRawId: e.changedBy,
    });
  }
}

@ObjectType('ActionItem', { implements: Node, description: 'A commitment that came out of a session.' })
export class ActionItem extends Node {
  @Field(() => String) description: string;
  @Field(() => LocalDate, { description: 'The current due date (see originalDueOn and dueOnHistory).' }) dueOn: string;
  @Field(() => LocalDate, {
    description: 'The due date the action was created with, never changed: follow-through is measured against it.',
  })
  originalDueOn: string;
  @Field(() => ActionStatus) status: ActionStatus;
  @Field(() => LocalDate, {
    nullable: true,
    description:
      'The day it was done (DONE only): at most completionCorrectionDays before completedAt’s day, never after it.',
  })
  completedOn: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was marked DONE: the server’s time.' })
  completedAt: Date | null;
  @Field(() => PracticeChangeStatus, {
    nullable: true,
    description: 'How far its practice change is verified; null without a self-reported practice change.',
  })
  practiceChangeStatus: PracticeChangeStatus | null;
  @Field(() => Int) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  rawId: string;
  sessionRawId: string;
  ownerRawId: string;
  /** Confidential texts, resolved only inside the conversation's boundary (action.resolver.ts). */
  completionEvidenceText: string | null;
  practiceChangeEvidenceText: string | null;
  corroborationCheck: PracticeChangeCheck | null;
  sustainedCheck: PracticeChangeCheck | null;

  static from(e: ActionEntity): ActionItem {
    const check = (
      at: Date | null,
      by: string | null,
      kind: PracticeEvidenceKind | null,
      note: string | null,
      noteField: PracticeChangeCheck['noteField'],
    ) =>
      at && by && kind
        ? Object.assign(new PracticeChangeCheck(), {
            checkedAt: at,
            evidenceKind: kind,
            checkedByRawId: by,
            noteText: note ?? '',
            sessionRawId: e.sessionId,
            ownerRawId: e.ownerId,
            actionRawId: e.id,
            noteField,
          })
        : null;
    return Object.assign(new ActionItem(), {
      id: toGlobalId('ActionItem', e.id),
      rawId: e.id,
      sessionRawId: e.sessionId,
      ownerRawId: e.ownerId,
      description: e.description,
      dueOn: e.dueOn,
      originalDueOn: e.originalDueOn,
      status: e.status,
      completedOn: e.completedOn,
      completedAt: e.completedAt,
      practiceChangeStatus: practiceChangeStatus(e),
      completionEvidenceText: e.completionEvidence,
      practiceChangeEvidenceText: e.practiceChangeEvidence,
      corroborationCheck: check(
        e.corroboratedAt,
        e.corroboratedBy,
        e.corroborationKind,
        e.corroborationNote,
        'corroborationNote',
      ),
      sustainedCheck: check(e.sustainedAt, e.sustainedBy, e.sustainedKind, e.sustainedNote, 'sustainedNote'),
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
  }
}

export const ActionItemConnection = ConnectionType(ActionItem, 'ActionItem');
