/** The actions list and an action's page. */
export default {
  fields: {
    description: 'Description',
    owner: 'Owner',
    due: 'Due',
    practice_change: 'Practice change',
    from: 'From',
  },
  list: {
    status: 'Status',
    any_status: 'Any status',
    empty: 'No actions match these filters.',
    empty_help:
      'Actions are agreed in a session and recorded when it is logged as held. Try “My team” or another status.',
    due_status: 'Due %{due} · %{status}',
  },
  quick: {
    whose: 'Whose actions',
    mine: 'Mine',
    team: 'My team',
    overdue: 'Overdue only',
  },
  show: {
    hidden: 'Not shown: outside the conversation’s confidentiality boundary, or none recorded.',
    none: 'None recorded.',
    self_reported: 'Evidence of changed practice (self-reported)',
    corroborated_by: 'Corroborated by',
    sustained_by: 'Confirmed sustained by',
    check: '%{who}, %{day} (%{kind})',
    someone: 'Someone',
    move_it: 'Move it',
  },
  bulk: {
    assign: 'Assign owner',
    assigned: '%{smart_count} action now owned by %{name} |||| %{smart_count} actions now owned by %{name}',
    assign_title: 'Give %{smart_count} action one owner |||| Give %{smart_count} actions one owner',
    owner: 'New owner',
    assign_submit: 'Assign',
  },
};
