/** Districts, as the platform operator provisions and looks after them. */
export default {
  fields: {
    name: 'Name',
    slug: 'Short name',
    timezone: 'Time zone',
    year_starts_in: 'School year starts in',
    year_starts: 'School year starts',
    status: 'Status',
    provisioned: 'Provisioned',
    given_name: 'Given name',
    family_name: 'Family name',
  },
  list: {
    search: 'Search by name',
    any_status: 'Any status',
    empty: 'No districts yet',
    empty_help: 'Provision a district with its first district admin; they set up its schools and staff.',
  },
  form: {
    slug_help: 'Lower-case letters, digits and hyphens; made from the name when left empty',
    timezone_help: 'Due dates and session days are counted in this zone',
    password_help: 'At least %{min} characters; share it with them privately',
  },
  create: {
    title: 'Provision a district',
    done: '%{name} is ready. Its first admin can sign in as %{email}.',
    first_admin: 'First district admin',
    first_admin_help: 'They sign in with this email and password, then add the district’s schools and staff.',
  },
  edit: {
    title_of: 'District: %{name}',
    suspended: 'This district is suspended: nobody in it can sign in. Set it to Active to let them back in.',
    will_suspend:
      'Saving will suspend this district: every open session ends and nobody in it can sign in until it is made active again. Its records are kept.',
  },
};
