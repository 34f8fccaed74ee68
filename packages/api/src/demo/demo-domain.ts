/** The demo districts' improvement work: strategies, the conversations they depend on, and how those went. */

export interface DemoConversation {
  key: string;
  school: string | null;
  title: string;
  type: string;
  purpose: string;
  cadence: string | null;
  /** Days from today of the first session, and its local time. */
  startDaysAgo: number;
  time: string;
  durationMinutes: number;
  setting: string;
  facilitator: string;
  participants: string[];
  participantRoles: string[];
  protocol: string;
  confidentiality: string;
  evidenceToBring: string;
  /** How reliably it happens: share of past sessions held. */
  heldShare: number;
}

export interface DemoStrategy {
  school: string | null;
  title: string;
  goal: string;
  kind: string;
  owner: string;
  successMeasures: string;
  maps: { conversation: string; dimension: string; expectedChange: string }[];
}

export interface DemoDomain {
  slug: string;
  conversations: DemoConversation[];
  strategies: DemoStrategy[];
}

export const DEMO_DOMAIN: DemoDomain[] = [
  {
    slug: 'northfield',
    conversations: [
      {
        key: 'g7-data-team',
        school: 'NF-LMS',
        title: 'Grade 7 math data team',
        type: 'DATA_TEAM',
        purpose:
          'Read the latest common assessment together and agree the next teaching move for each group of students.',
        cadence: 'FREQ=WEEKLY;BYDAY=TU',
        startDaysAgo: 70,
        time: '15:30',
        durationMinutes: 45,
        setting: 'Room 114',
        facilitator: 'coach@northfield.example',
        participants: ['abenton@northfield.example', 'jcarter@northfield.example'],
        participantRoles: ['TEACHER'],
        protocol: 'DOUBLE_LOOP_REVIEW',
        confidentiality: 'SCHOOL_LEADERS',
        evidenceToBring: 'Item analysis of the most recent common assessment, and two student work samples.',
        heldShare: 0.8,
      },
      {
        key: 'lms-debrief',
        school: 'NF-LMS',
        title: 'Post-observation debrief',
        type: 'POST_OBSERVATION_DEBRIEF',
        purpose: 'Turn what was seen in a lesson into one change the teacher wants to try.',
        cadence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH',
        startDaysAgo: 66,
        time: '08:00',
        durationMinutes: 30,
        setting: "Coach's office",
        facilitator: 'coach@northfield.example',
        participants: ['teacher@northfield.example'],
        participantRoles: [],
        protocol: 'COACHING_CYCLE',
        confidentiality: 'PARTICIPANTS',
        evidenceToBring: 'Observation notes and the lesson plan.',
        heldShare: 0.75,
      },
      {
        key: 'lms-coaching',
        school: 'NF-LMS',
        title: 'Coaching cycle: student talk',
        type: 'COACHING',
        purpose: 'Plan, try and review moves that get students explaining their thinking to each other.',
        cadence: 'FREQ=WEEKLY;BYDAY=WE',
        startDaysAgo: 56,
        time: '07:45',
        durationMinutes: 30,
        setting: 'Room 208',
        facilitator: 'coach@northfield.example',
        participants: ['teacher@northfield.example', 'jcarter@northfield.example'],
        participantRoles: [],
        protocol: 'COACHING_CYCLE',
        confidentiality: 'PARTICIPANTS',
        evidenceToBring: 'A short video clip or transcript of student discussion.',
        heldShare: 0.65,
      },
      {
        key: 'lms-walk',
        school: 'NF-LMS',
        title: 'Learning walk debrief',
        type: 'LEARNING_WALK_DEBRIEF',
        purpose: 'Share what the walk showed about student talk across classrooms, without judging individuals.',
        cadence: 'FREQ=MONTHLY;BYDAY=1FR',
        startDaysAgo: 84,
        time: '13:00',
        durationMinutes: 40,
        setting: 'Library',
        facilitator: 'principal@northfield.example',
        participants: ['hpark@northfield.example'],
        participantRoles: ['TEACHER', 'COACH'],
        protocol: 'CHECK_IN_CHECK_OUT',
        confidentiality: 'SCHOOL_LEADERS',
        evidenceToBring: 'Walk notes (patterns, not names).',
        heldShare: 0.9,
      },
      {
        key: 'mge-plc',
        school: 'NF-MGE',
        title: 'Early reading PLC',
        type: 'PLC',
        purpose: 'Look at phonics checks together and plan the next week of small-group instruction.',
        cadence: 'FREQ=WEEKLY;BYDAY=FR',
        startDaysAgo: 63,
        time: '14:15',
        durationMinutes: 45,
        setting: 'Room 3',
        facilitator: 'rdelgado@northfield.example',
        participants: ['tnguyen@northfield.example', 'gokafor@northfield.example', 'coach@northfield.example'],
        participantRoles: [],
        protocol: 'CHECK_IN_CHECK_OUT',
        confidentiality: 'SCHOOL_LEADERS',
        evidenceToBring: 'Phonics check results by student.',
        heldShare: 0.55,
      },
      {
        key: 'district-literacy',
        school: null,
        title: 'District literacy implementation network',
        type: 'INTER_PROFESSIONAL',
        purpose: 'Leaders and coaches compare how the new literacy curriculum is landing and remove obstacles.',
        cadence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO',
        startDaysAgo: 77,
        time: '16:00',
        durationMinutes: 60,
        setting: 'District office, board room',
        facilitator: 'admin@northfield.example',
        participants: [],
        participantRoles: ['SCHOOL_LEADER', 'COACH'],
        protocol: 'DOUBLE_LOOP_REVIEW',
        confidentiality: 'DISTRICT',
        evidenceToBring: 'Implementation checklist and one sample of student writing per school.',
        heldShare: 0.85,
      },
    ],
    strategies: [
      {
        school: 'NF-LMS',
        title: 'Number sense in the middle grades',
        goal: 'Students explain and justify their reasoning about fractions, ratios and proportions.',
        kind: 'DATA_TEAMS',
        owner: 'principal@northfield.example',
        successMeasures: 'Grade 7 common assessment: share of students at proficient rises from 48% to 65% by June.',
        maps: [
          {
            conversation: 'g7-data-team',
            dimension: 'PRACTICE',
            expectedChange: 'Teachers regroup students every week from assessment evidence.',
          },
          {
            conversation: 'lms-debrief',
            dimension: 'SKILL',
            expectedChange: 'Teachers press students to justify answers during discussion.',
          },
        ],
      },
      {
        school: 'NF-LMS',
        title: 'Student talk in every classroom',
        goal: 'Students spend more of each lesson explaining their thinking to one another.',
        kind: 'COACHING',
        owner: 'hpark@northfield.example',
        successMeasures: 'Learning walks: student talk observed in 70% of classrooms by spring.',
        maps: [
          {
            conversation: 'lms-coaching',
            dimension: 'PRACTICE',
            expectedChange: 'Teachers plan structured partner talk into every lesson.',
          },
          {
            conversation: 'lms-walk',
            dimension: 'BELIEF',
            expectedChange: 'Staff see student talk as the work of learning, not a break from it.',
          },
          {
            conversation: 'lms-debrief',
            dimension: 'ATTITUDE',
            expectedChange: 'Teachers invite feedback on their practice rather than avoid it.',
          },
        ],
      },
      {
        school: 'NF-MGE',
        title: 'Early reading foundations',
        goal: 'Every student reads grade-level text fluently by the end of grade 2.',
        kind: 'PLC',
        owner: 'rdelgado@northfield.example',
        successMeasures: 'Phonics checks: 85% of K-2 students at benchmark by May.',
        maps: [
          {
            conversation: 'mge-plc',
            dimension: 'PRACTICE',
            expectedChange: 'Small groups change weekly according to the phonics checks.',
          },
        ],
      },
      {
        school: null,
        title: 'Adopting the new literacy curriculum',
        goal: 'All schools teach the new curriculum with fidelity and adapt it to their students.',
        kind: 'CURRICULUM',
        owner: 'admin@northfield.example',
        successMeasures: 'Implementation checklist above 80% in every school; writing samples show growth.',
        maps: [
          {
            conversation: 'district-literacy',
            dimension: 'SKILL',
            expectedChange: 'Leaders coach teachers through the curriculum rather than only monitor it.',
          },
        ],
      },
    ],
  },
  {
    slug: 'southbrook',
    conversations: [
      {
        key: 'hvm-data-team',
        school: 'SB-HVM',
        title: 'Grade 6 math data team',
        type: 'DATA_TEAM',
        purpose: 'Use exit tickets to decide which students need a reteach.',
        cadence: 'FREQ=WEEKLY;BYDAY=MO',
        startDaysAgo: 60,
        time: '15:15',
        durationMinutes: 40,
        setting: 'Room 21',
        facilitator: 'icosta@southbrook.example',
        participants: ['msantos@southbrook.example', 'ngoldberg@southbrook.example'],
        participantRoles: [],
        protocol: 'DOUBLE_LOOP_REVIEW',
        confidentiality: 'SCHOOL_LEADERS',
        evidenceToBring: 'Exit tickets from the last three lessons.',
        heldShare: 0.7,
      },
      {
        key: 'cre-partnership',
        school: 'SB-CRE',
        title: 'Student learning partnerships',
        type: 'LEARNING_PARTNERSHIP',
        purpose: 'Students and teachers talk about what is helping and what is in the way of their learning.',
        cadence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE',
        startDaysAgo: 56,
        time: '10:00',
        durationMinutes: 20,
        setting: 'Classroom reading corner',
        facilitator: 'kmensah@southbrook.example',
        participants: ['lsvensson@southbrook.example'],
        participantRoles: [],
        protocol: 'LEARNING_PARTNERSHIP',
        confidentiality: 'PARTICIPANTS',
        evidenceToBring: 'Reading logs.',
        heldShare: 0.8,
      },
    ],
    strategies: [
      {
        school: 'SB-HVM',
        title: 'Responsive math teaching',
        goal: 'Students who fall behind in math are caught within a week.',
        kind: 'DATA_TEAMS',
        owner: 'fali@southbrook.example',
        successMeasures: 'Unit tests: fewer than 15% of students below basic.',
        maps: [
          {
            conversation: 'hvm-data-team',
            dimension: 'PRACTICE',
            expectedChange: 'Reteach groups formed from exit tickets within two days.',
          },
        ],
      },
      {
        school: 'SB-CRE',
        title: 'Students as partners in learning',
        goal: 'Students can say what they are learning, how they are doing and what they need next.',
        kind: 'OTHER',
        owner: 'dreyes@southbrook.example',
        successMeasures: 'Student survey: 80% can name their next learning step.',
        maps: [
          {
            conversation: 'cre-partnership',
            dimension: 'ATTITUDE',
            expectedChange: 'Teachers treat student feedback as evidence about their teaching.',
          },
        ],
      },
    ],
  },
];

export const DEMO_NOTES = [
  'Two students are still stuck on equivalent ratios; agreed a small-group reteach with manipulatives.',
  'Most of the class met the target; the team wondered whether the items were too easy and will check against last year.',
  'We noticed we were explaining the low scores by home circumstances; turned instead to what we control in lessons.',
  'Partner talk worked in the first half of the lesson and faded after; try assigning roles.',
  'The group disagreed about regrouping every week; decided to trial it for three weeks and compare.',
  'Good energy; the check-in surfaced that two colleagues feel rushed by the pacing guide.',
];

export const DEMO_ACTIONS = [
  'Reteach the small group with double number lines',
  'Bring three samples of student explanations to the next meeting',
  'Try assigned talk roles in period 3',
  'Share the exit-ticket template with the team',
  'Observe a colleague teaching the same lesson',
  'Rewrite two assessment items to require a justification',
];

/** What was done, recorded when a demo action is marked DONE. */
export const DEMO_COMPLETION_EVIDENCE = [
  'Retaught the small group on Tuesday and Thursday; notes in the team folder.',
  'Brought the samples to the meeting and we sorted them together.',
  'Ran the lesson with talk roles; the plan and the role cards are shared.',
  'Shared the template with the team and used it for two weeks.',
];

export const DEMO_PRACTICE_CHANGE = [
  'Four of five students in the group now explain equivalent ratios using a table.',
  'Student explanations in the samples now name the strategy they used.',
  'Talk roles held for the whole lesson; every pair reported back.',
  'The team now sorts exit tickets within a day and regroups on Thursdays.',
];
