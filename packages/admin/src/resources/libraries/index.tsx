import EditNoteIcon from '@mui/icons-material/EditNote';
import GradingIcon from '@mui/icons-material/Grading';
import HandshakeIcon from '@mui/icons-material/Handshake';
import PsychologyIcon from '@mui/icons-material/Psychology';
import QuestionAnswerIcon from '@mui/icons-material/QuestionAnswer';
import type { ComponentType } from 'react';
import type { LibraryDefinition } from './types';
import { lazyNamed } from '../../common/lazyNamed';

const LibraryCreate = lazyNamed(() => import('./LibraryCreate'), 'LibraryCreate');
const LibraryEdit = lazyNamed(() => import('./LibraryEdit'), 'LibraryEdit');
const LibraryList = lazyNamed(() => import('./LibraryList'), 'LibraryList');

/** The district libraries share one shape: a text or two, a place in the list, and retirement instead of deletion. */
function library(definition: LibraryDefinition, icon: ComponentType) {
  return {
    name: definition.name,
    list: () => <LibraryList definition={definition} />,
    create: () => <LibraryCreate definition={definition} />,
    edit: () => <LibraryEdit definition={definition} />,
    icon,
    recordRepresentation: definition.fields[0].source,
    options: { label: definition.label },
  };
}

export const libraries = [
  library(
    {
      name: 'norms',
      label: 'Norms',
      singular: 'norm',
      purpose: 'Norms are the agreements a group keeps in its conversations; conversations pick theirs from here.',
      fields: [
        { source: 'title', label: 'Norm' },
        { source: 'description', label: 'What it means', multiline: true },
      ],
    },
    HandshakeIcon,
  ),
  library(
    {
      name: 'rubricCriteria',
      label: 'Rubric',
      singular: 'criterion',
      purpose: 'Attendees rate each held session from 1 to 4 on these criteria.',
      fields: [
        { source: 'name', label: 'Criterion' },
        { source: 'description', label: 'Description', multiline: true },
      ],
    },
    GradingIcon,
  ),
  library(
    {
      name: 'questionBankItems',
      label: 'Question bank',
      singular: 'question',
      purpose: 'Questions facilitators can draw on to open up a conversation.',
      fields: [
        { source: 'text', label: 'Question', multiline: true },
        { source: 'purpose', label: 'Purpose' },
      ],
    },
    QuestionAnswerIcon,
  ),
  library(
    {
      name: 'reflectionPrompts',
      label: 'Reflection prompts',
      singular: 'prompt',
      purpose: 'Attendees answer these prompts when they reflect on a session they took part in.',
      fields: [{ source: 'text', label: 'Prompt', multiline: true }],
    },
    EditNoteIcon,
  ),
  library(
    {
      name: 'skills',
      label: 'Skills',
      singular: 'skill',
      purpose:
        'The skills of a good learning conversation: conversations name one as their focus, and staff are trained in them.',
      fields: [
        { source: 'name', label: 'Skill' },
        { source: 'description', label: 'Description', multiline: true },
      ],
    },
    PsychologyIcon,
  ),
];
