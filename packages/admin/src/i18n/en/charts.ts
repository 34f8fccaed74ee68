/** The charts (funnel, trend, cohort, usage) and their text alternatives. */
export default {
  export_csv: 'Export CSV',
  table: {
    show: 'Show as a table',
    funnel: 'The funnel, stage by stage',
    stage: 'Stage',
    value: 'Value',
    detail: 'Detail',
    trend: 'Sessions and rates by period',
    period: 'Period',
    usage: 'Requests by day (UTC)',
    day: 'Day',
  },
  reach: {
    nobody: 'nobody invited to a due session yet',
    detail: '%{reached} of %{smart_count} invited took part',
  },
  stages: {
    planned: {
      label: 'Planned',
      detail_cancelled: '%{due} due · %{cancelled} cancelled',
      detail: '%{smart_count} session due |||| %{smart_count} sessions due',
      explain: 'Sessions scheduled in the window that have come due and were not cancelled.',
    },
    held: {
      label: 'Held',
      detail: '%{held} of %{due} held · %{missed} missed',
      empty: 'nothing due yet',
      explain: 'Held rate: the due sessions that actually took place.',
    },
    good: {
      label: 'Good',
      empty: 'no session published yet (each needs %{raters} raters and a closed rating window)',
      detail: '%{sessions} of %{held} held rated · %{raters} raters',
      explain:
        'Quality: the mean of the session means (1-4) of held sessions whose rating window has closed with at least %{raters} raters other than the facilitator; other sessions feed nothing.',
    },
    acted: {
      label: 'Acted on',
      detail: '%{acted} of %{held} held led to actions',
      empty: 'no held sessions yet',
      explain: 'Action rate: held sessions that produced at least one action item.',
    },
    followed: {
      label: 'Followed through',
      detail: '%{on_time} of %{due} due done on time',
      empty: 'no actions due yet',
      explain: 'Follow-through: actions due in the window that were done by their due date.',
    },
    changed: {
      label: 'Practice changed',
      detail: '%{changed} of %{done} done show change',
      empty: 'no actions done yet',
      explain: 'Practice-change rate: done actions with recorded evidence of changed practice.',
    },
  },
  funnel: {
    summary: 'Funnel. %{summary}',
    targets: 'Each row is measured on its own; the dashed mark is where the district counts it on track.',
  },
  health: {
    ON_TRACK: {
      label: 'On track',
      why: 'Every measured rate (held, quality, follow-through) meets the district’s on-track mark.',
    },
    AT_RISK: {
      label: 'At risk',
      why: 'Held rate, quality or follow-through is below the on-track mark, none below the at-risk mark.',
    },
    OFF_TRACK: {
      label: 'Off track',
      why: 'At least one of held rate, quality or follow-through is below the at-risk mark.',
    },
    NOT_ENOUGH_DATA: {
      label: 'Not enough data',
      why: 'Nothing in this window yet to measure held rate, quality or follow-through by.',
    },
  },
  cohort: {
    title: 'The window’s due sessions, stage by stage',
    explain: 'One group of sessions followed through: each stage counts those of the stage before that got this far.',
    empty: 'No session has come due in this window yet.',
    sessions: '%{smart_count} session |||| %{smart_count} sessions',
    share: '%{sessions}, %{rate} of the previous stage',
    valuetext: '%{share}; %{rate} of the due sessions',
    due: 'due',
    of_previous: '%{rate} of previous',
    quality_unknown:
      '%{smart_count} held session still being rated or with too few raters: it cannot count as good yet. |||| %{smart_count} held sessions still being rated or with too few raters: they cannot count as good yet.',
    stages: {
      DUE: { label: 'Due', explain: 'sessions of the window that have come due' },
      HELD: { label: 'Held', explain: 'due sessions that were held' },
      GOOD: { label: 'Good', explain: 'held sessions rated at or above the district’s on-track quality' },
      ACTED_ON: { label: 'Acted on', explain: 'good sessions from which at least one action came' },
      FOLLOWED_THROUGH: {
        label: 'Followed through',
        explain: 'acted-on sessions with an action done by its original due day',
      },
      CHANGE_CORROBORATED: {
        label: 'Change corroborated',
        explain: 'followed-through sessions whose change in practice a second person corroborated',
      },
      CHANGE_SUSTAINED: {
        label: 'Change sustained',
        explain: 'corroborated sessions whose change was re-checked as sustained',
      },
    },
  },
  trend: {
    empty: 'No sessions came due in this window, so there is no trend yet.',
    sessions: 'sessions',
    week_of: 'Week of %{week}',
    due: 'Due',
    held: 'Held',
    held_rate: 'Held rate',
    action_rate: 'Action rate',
    quality: 'Quality (1-4)',
  },
  usage: {
    answered: 'Answered',
    errors: 'Errors',
    refused: 'Refused (429)',
  },
};
