/** The mapping grid: strategies and the conversations they depend on. */
export default {
  grid: {
    no_access: 'You do not have access to strategies.',
    title: 'Strategies and the conversations they depend on',
    help_manage:
      'Click an empty cell to map a conversation to a strategy and say what it should change; click a mapped cell to change or unmap it.',
    help_read: 'Each mapped cell shows what the conversation is expected to change for the strategy.',
    legend: 'It should change a:',
    truncated: 'Showing the first %{limit} strategies and conversations.',
    no_strategies: 'No strategies here yet. Add one under Strategies, then come back to map its conversations.',
    no_conversations: 'No learning conversations are planned here yet. Plan one under Conversations, then map it.',
  },
  table: {
    corner: 'Strategy ↓ · Conversation →',
    district: 'district',
    map_label: 'Map %{conversation} to %{strategy}',
    map_tooltip: 'Map this conversation to the strategy',
  },
  scope: {
    label: 'Strategies of',
    district: 'The district (district-wide)',
  },
  dialog: {
    title_read: 'What this conversation should change',
    title_change: 'Change the mapping',
    title_map: 'Map this conversation',
    depends: '%{strategy} depends on %{conversation} (%{cadence}).',
    dimension: 'It should change a…',
    dimension_required: 'Choose what it should change',
    expected: 'Expected change',
    expected_help: 'One sentence: what should be different because of this conversation',
    change_required: 'Say in a sentence what should change',
    updated: 'Mapping updated',
    mapped: 'Conversation mapped',
    unmapped: 'Conversation unmapped',
    unmap: 'Unmap',
    map: 'Map',
  },
};
