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
      label: 'tl.libraries.norms.name',
      fields: [
        { source: 'title', label: 'tl.libraries.norms.fields.title', csvHeading: 'Norm' },
        {
          source: 'description',
          label: 'tl.libraries.norms.fields.description',
          csvHeading: 'What it means',
          multiline: true,
        },
      ],
    },
    HandshakeIcon,
  ),
  library(
    {
      name: 'rubricCriteria',
      label: 'tl.libraries.rubricCriteria.name',
      fields: [
        { source: 'name', label: 'tl.libraries.rubricCriteria.fields.name', csvHeading: 'Criterion' },
        {
          source: 'description',
          label: 'tl.libraries.rubricCriteria.fields.description',
          csvHeading: 'Description',
          multiline: true,
        },
      ],
    },
    GradingIcon,
  ),
  library(
    {
      name: 'questionBankItems',
      label: 'tl.libraries.questionBankItems.name',
      fields: [
        {
          source: 'text',
          label: 'tl.libraries.questionBankItems.fields.text',
          csvHeading: 'Question',
          multiline: true,
        },
        { source: 'purpose', label: 'tl.libraries.questionBankItems.fields.purpose', csvHeading: 'Purpose' },
      ],
    },
    QuestionAnswerIcon,
  ),
  library(
    {
      name: 'reflectionPrompts',
      label: 'tl.libraries.reflectionPrompts.name',
      fields: [
        { source: 'text', label: 'tl.libraries.reflectionPrompts.fields.text', csvHeading: 'Prompt', multiline: true },
      ],
    },
    EditNoteIcon,
  ),
  library(
    {
      name: 'skills',
      label: 'tl.libraries.skills.name',
      fields: [
        { source: 'name', label: 'tl.libraries.skills.fields.name', csvHeading: 'Skill' },
        {
          source: 'description',
          label: 'tl.libraries.skills.fields.description',
          csvHeading: 'Description',
          multiline: true,
        },
      ],
    },
    PsychologyIcon,
  ),
];
