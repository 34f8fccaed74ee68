/** Schools: list and form. */
export default {
  fields: {
    name: 'Name',
    code: 'Code',
    grades: 'Grades',
    lowest: 'Lowest grade',
    highest: 'Highest grade',
    status: 'Status',
    added: 'Added',
  },
  status: { ACTIVE: 'Active', CLOSED: 'Closed' },
  grades: { pk: 'PK (pre-kindergarten)', k: 'K (kindergarten)', n: 'Grade %{grade}' },
  list: {
    search: 'Name or code',
    any_status: 'Any status',
    empty: 'No schools yet',
    empty_create: 'Add the district’s schools: staff roles, strategies and learning conversations each belong to one.',
    empty_none: 'No school is assigned to you yet. A district admin can add one or give you a role at a school.',
  },
  form: {
    grades_backwards: 'The highest grade cannot be below the lowest',
    code_help: 'The roster system’s code for the school; unique in the district',
    not_set: 'Not set',
    status_help:
      'Closing cancels its upcoming sessions and stops its conversations; its history stays. A closed school takes no new work.',
  },
  create: { title: 'Add a school' },
  edit: { title_of: 'School: %{name}' },
};
