/** The demo tenants: two districts, believable schools and people. Written for Throughline; no real persons. */
export const DEMO_PASSWORD = 'throughline-demo';

export const DEMO_OPERATOR = { email: 'operator@throughline.example', displayName: 'Platform Operator' };

type DemoRole = 'DISTRICT_ADMIN' | 'SCHOOL_LEADER' | 'COACH' | 'TEACHER';

export interface DemoPerson {
  givenName: string;
  familyName: string;
  email: string;
  title: string;
  /** role and school code (null for district-wide) */
  roles: [DemoRole, string | null][];
}

export interface DemoDistrict {
  name: string;
  slug: string;
  timezone: string;
  schools: { name: string; code: string; gradeLow: number; gradeHigh: number }[];
  people: DemoPerson[];
}

export const DEMO_DISTRICTS: DemoDistrict[] = [
  {
    name: 'Northfield Unified',
    slug: 'northfield',
    timezone: 'America/Chicago',
    schools: [
      { name: 'Lincoln Middle School', code: 'NF-LMS', gradeLow: 6, gradeHigh: 8 },
      { name: 'Maple Grove Elementary', code: 'NF-MGE', gradeLow: 0, gradeHigh: 5 },
      { name: 'Northfield High School', code: 'NF-NHS', gradeLow: 9, gradeHigh: 12 },
      { name: 'Riverside Elementary', code: 'NF-RSE', gradeLow: -1, gradeHigh: 5 },
    ],
    people: [
      {
        givenName: 'Dana',
        familyName: 'Whitfield',
        email: 'admin@northfield.example',
        title: 'Director of Professional Learning',
        roles: [['DISTRICT_ADMIN', null]],
      },
      {
        givenName: 'Marcus',
        familyName: 'Hale',
        email: 'principal@northfield.example',
        title: 'Principal',
        roles: [['SCHOOL_LEADER', 'NF-LMS']],
      },
      {
        givenName: 'Priya',
        familyName: 'Raman',
        email: 'coach@northfield.example',
        title: 'Instructional Coach',
        roles: [
          ['COACH', 'NF-LMS'],
          ['COACH', 'NF-MGE'],
        ],
      },
      {
        givenName: 'Sam',
        familyName: 'Ortiz',
        email: 'teacher@northfield.example',
        title: 'Grade 7 Mathematics Teacher',
        roles: [['TEACHER', 'NF-LMS']],
      },
      {
        givenName: 'Alicia',
        familyName: 'Benton',
        email: 'abenton@northfield.example',
        title: 'Grade 6 English Teacher',
        roles: [['TEACHER', 'NF-LMS']],
      },
      {
        givenName: 'Jamal',
        familyName: 'Carter',
        email: 'jcarter@northfield.example',
        title: 'Grade 8 Science Teacher',
        roles: [['TEACHER', 'NF-LMS']],
      },
      {
        givenName: 'Helen',
        familyName: 'Park',
        email: 'hpark@northfield.example',
        title: 'Assistant Principal',
        roles: [['SCHOOL_LEADER', 'NF-LMS']],
      },
      {
        givenName: 'Rosa',
        familyName: 'Delgado',
        email: 'rdelgado@northfield.example',
        title: 'Principal',
        roles: [['SCHOOL_LEADER', 'NF-MGE']],
      },
      {
        givenName: 'Tom',
        familyName: 'Nguyen',
        email: 'tnguyen@northfield.example',
        title: 'Grade 3 Teacher',
        roles: [['TEACHER', 'NF-MGE']],
      },
      {
        givenName: 'Grace',
        familyName: 'Okafor',
        email: 'gokafor@northfield.example',
        title: 'Kindergarten Teacher',
        roles: [['TEACHER', 'NF-MGE']],
      },
      {
        givenName: 'Victor',
        familyName: 'Lindqvist',
        email: 'vlindqvist@northfield.example',
        title: 'Principal',
        roles: [['SCHOOL_LEADER', 'NF-NHS']],
      },
      {
        givenName: 'Nadia',
        familyName: 'Hussain',
        email: 'nhussain@northfield.example',
        title: 'Algebra Teacher',
        roles: [['TEACHER', 'NF-NHS']],
      },
      {
        givenName: 'Owen',
        familyName: 'Brooks',
        email: 'obrooks@northfield.example',
        title: 'History Teacher',
        roles: [['TEACHER', 'NF-NHS']],
      },
      {
        givenName: 'Lena',
        familyName: 'Fischer',
        email: 'lfischer@northfield.example',
        title: 'Principal',
        roles: [['SCHOOL_LEADER', 'NF-RSE']],
      },
      {
        givenName: 'Caleb',
        familyName: 'Moore',
        email: 'cmoore@northfield.example',
        title: 'Grade 1 Teacher',
        roles: [['TEACHER', 'NF-RSE']],
      },
    ],
  },
  {
    name: 'Southbrook County',
    slug: 'southbrook',
    timezone: 'America/New_York',
    schools: [
      { name: 'Cedar Ridge Elementary', code: 'SB-CRE', gradeLow: 0, gradeHigh: 5 },
      { name: 'Harbor View Middle School', code: 'SB-HVM', gradeLow: 6, gradeHigh: 8 },
      { name: 'Southbrook High School', code: 'SB-SHS', gradeLow: 9, gradeHigh: 12 },
    ],
    people: [
      {
        givenName: 'Evelyn',
        familyName: 'Marsh',
        email: 'admin@southbrook.example',
        title: 'Chief Academic Officer',
        roles: [['DISTRICT_ADMIN', null]],
      },
      {
        givenName: 'Daniel',
        familyName: 'Reyes',
        email: 'dreyes@southbrook.example',
        title: 'Principal',
        roles: [['SCHOOL_LEADER', 'SB-CRE']],
      },
      {
        givenName: 'Fatima',
        familyName: 'Ali',
        email: 'fali@southbrook.example',
        title: 'Principal',
        roles: [['SCHOOL_LEADER', 'SB-HVM']],
      },
      {
        givenName: 'George',
        familyName: 'Whitaker',
        email: 'gwhitaker@southbrook.example',
        title: 'Principal',
        roles: [['SCHOOL_LEADER', 'SB-SHS']],
      },
      {
        givenName: 'Irene',
        familyName: 'Costa',
        email: 'icosta@southbrook.example',
        title: 'Literacy Coach',
        roles: [
          ['COACH', 'SB-CRE'],
          ['COACH', 'SB-HVM'],
        ],
      },
      {
        givenName: 'Kofi',
        familyName: 'Mensah',
        email: 'kmensah@southbrook.example',
        title: 'Grade 2 Teacher',
        roles: [['TEACHER', 'SB-CRE']],
      },
      {
        givenName: 'Laura',
        familyName: 'Svensson',
        email: 'lsvensson@southbrook.example',
        title: 'Grade 4 Teacher',
        roles: [['TEACHER', 'SB-CRE']],
      },
      {
        givenName: 'Miguel',
        familyName: 'Santos',
        email: 'msantos@southbrook.example',
        title: 'Grade 6 Math Teacher',
        roles: [['TEACHER', 'SB-HVM']],
      },
      {
        givenName: 'Naomi',
        familyName: 'Goldberg',
        email: 'ngoldberg@southbrook.example',
        title: 'Grade 7 English Teacher',
        roles: [['TEACHER', 'SB-HVM']],
      },
      {
        givenName: 'Patrick',
        familyName: "O'Neill",
        email: 'poneill@southbrook.example',
        title: 'Chemistry Teacher',
        roles: [['TEACHER', 'SB-SHS']],
      },
      {
        givenName: 'Ruth',
        familyName: 'Adeyemi',
        email: 'radeyemi@southbrook.example',
        title: 'Biology Teacher',
        roles: [['TEACHER', 'SB-SHS']],
      },
      {
        givenName: 'Stefan',
        familyName: 'Kowalski',
        email: 'skowalski@southbrook.example',
        title: 'Instructional Coach',
        roles: [['COACH', 'SB-SHS']],
      },
    ],
  },
];
