import type { ChangeDimension, ConversationType, StrategyStatus } from '@throughline/shared';

export interface GridMapping {
  id: string;
  dimension: ChangeDimension;
  expectedChange: string;
  version: number;
  conversation: { id: string } | null;
}

export interface GridStrategy {
  id: string;
  title: string;
  status: StrategyStatus;
  school: { id: string; name: string } | null;
  mappings: GridMapping[];
}

export interface GridConversation {
  id: string;
  title: string;
  type: ConversationType;
  cadenceDescription: string;
  active: boolean;
  school: { id: string; name: string } | null;
}

/** The cell being opened: a strategy and a conversation, and their mapping when there is one. */
export interface GridCell {
  strategy: GridStrategy;
  conversation: GridConversation;
  mapping: GridMapping | null;
  readOnly: boolean;
}
