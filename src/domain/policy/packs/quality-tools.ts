/**
 * The seeds' audit tools and the supervisees' feedback survey, in the seeds' own words. Packs
 * list the tools they use; an organisation may add its own through its overrides.
 */
import type { AuditTool, FeedbackSurvey, RuleSource } from '../schema.ts';

const northumberland = '000_e52dd64b6004ea86.txt';
const manchester = '002_5c1b4389941b03df.txt';
const durham = '004_6931e96770cda4b3.txt';

const judgement = {
  id: 'judgement',
  text: 'How well does the record meet this dimension?',
  answer: 'grade',
  findings: true,
} as const;

/** A Northumberland dimension: its meaning, the questions an auditor might ask, one judgement. */
function dimension(id: string, heading: string, meaning: string, prompts: string[]) {
  return { id, heading, meaning, prompts, questions: [judgement] };
}

/** T-000-06: the ten dimensions of a supervision record's quality, in the seed's order. */
export const tenDimensions: AuditTool = {
  id: 'ten-dimensions',
  source: { seed: northumberland, section: 'REVIEWING THE QUALITY OF SUPERVISION' },
  catalogueRef: 'T-000-06',
  note: 'The seed gives each dimension a meaning and questions "the auditor might consider or ask"; the auditor grades each dimension and notes the findings.',
  name: 'Quality of supervision record: ten dimensions',
  purpose:
    'The record of supervision considered as part of children’s services quality of practice activity.',
  of: ['supervision_records'],
  actions: true,
  sections: [
    dimension(
      'purpose',
      'Purpose',
      'A clear purpose; supervision follows the agreed process; discussions link clearly to the identified concerns whilst maintaining and developing the strengths and safety.',
      [
        'What are the child’s circumstances and what has changed since the last supervision?',
        'How clear is the purpose of supervision and was this achieved?',
        'Was there evidence of reflective discussions, support and constructive challenge?',
        'How clear is the link between what was recorded, the child’s plan and the reason children’s social care are involved?',
      ],
    ),
    dimension(
      'language',
      'Language',
      'The capabilities, capacity, education and culture of the children and family were considered, and the language is likely to be understandable to everyone.',
      [
        'How well does the record reflect language that is plain and easy to understand, that explains what it means?',
      ],
    ),
    dimension(
      'behavioural',
      'Behavioural',
      'Specific observable behaviours in the worries, strengths and goals; generalised language kept to a minimum; judgements connected to facts and behaviours.',
      [
        'How well does the information explain factual, specific and observable behaviours, either as things that are working well, worries or what needs to happen next?',
      ],
    ),
    dimension(
      'working-well-focus',
      'Working well focus',
      'Every effort made to explore what is positive; priority given to actions that directly improve the child’s life and safety; a clear distinction between existing strengths and existing safety.',
      [
        'How have the positives in the child’s life been explored to know their life is improving, the plan is progressing and how confident the worker feels about what they need to do next?',
      ],
    ),
    dimension(
      'planning-and-review',
      'Planning and review',
      'The plan spells out clear behaviours and/or tasks, who by and when, and there is evidence of review.',
      [
        'How clearly does the child’s plan explain what needs to happen, why, by who and by when?',
        'How well does the plan link to the key issues for a worker to be involved?',
        'How have previous actions progressed since the last supervision?',
        'How has the child’s plan been reviewed, how often and by who? What difference has this made?',
        'How do you know the child understands their plan and what did they say/do to know this?',
        'What is working about the plan and how do you know?',
      ],
    ),
    dimension(
      'childs-lived-experience',
      'Child’s lived experience',
      'The children were involved or invited to share their views in an age-appropriate way.',
      [
        'What did the child say about their wellbeing, their plan and how do you know what that means to them?',
        'How have all the siblings in the family been considered?',
      ],
    ),
    dimension(
      'parent-carer-involvement',
      'Parent/carer involvement',
      'Parents and carers were involved and their views considered in decision making.',
      [
        'What do the parent/carer/other important people say about the child’s wellbeing, the plan etc. and what does it mean to the child or their plan?',
      ],
    ),
    dimension(
      'professional-collaboration',
      'Professional collaboration',
      'Professionals worked together across processes, and decisions were based on multi-agency information.',
      [
        'What do other professionals say and do, and what does their actions mean to the child or their plan?',
      ],
    ),
    dimension(
      'impact',
      'Impact',
      'The supervision has made a positive difference to the child(ren).',
      [
        'What difference has been made to the child’s circumstances because of their plan and any actions taken or identified?',
      ],
    ),
    dimension(
      'local-policies-and-procedures',
      'Local policies and procedures',
      'Local policies and procedures have been followed.',
      [
        'Is planned supervision taking place at the expected frequency?',
        'Is supervision recorded in EHM/LCS in the expected way?',
      ],
    ),
  ],
};

const yesNo = (id: string, text: string) =>
  ({ id, text, answer: 'yes_no', findings: true }) as const;

/** T-002-J: the peer audit tool, twelve yes/no questions with a note of findings and actions. */
export const peerAuditTool: AuditTool = {
  id: 'peer-audit',
  source: { seed: manchester, section: 'Appendix J - Supervision File Peer Audit Tool' },
  catalogueRef: 'T-002-J',
  note: 'Each question is answered yes or no with a note of findings and actions; the summary of actions (by whom, by when) and the date of the next audit close it. Manchester names no other tool, so its dip samples of single supervisions (5.3) use it too.',
  name: 'Supervision file peer audit tool',
  of: ['supervision_files', 'supervision_records'],
  actions: true,
  sections: [
    {
      id: 'audit-questions',
      heading: 'Audit questions',
      questions: [
        yesNo(
          'file-structure',
          'Is the supervision file structured in accordance with Supervision Policy?',
        ),
        yesNo(
          'frequency-and-duration',
          'Does the frequency and duration of supervision meet minimum standards as outlined in the supervision policy, procedure and practice?',
        ),
        yesNo(
          'agreement',
          'Has a Supervision Agreement been completed between the supervisee & supervisor?',
        ),
        yesNo(
          'record-quality',
          'Is the record of the supervision session appropriate, detailed enough to provide guidance / direction and legible, dated and signed by both supervisor/supervisee?',
        ),
        yesNo(
          'acted-on-concerns',
          'Is there evidence that the supervisor has acted on the concerns and issues raised by the supervisee?',
        ),
        yesNo(
          'workload-welfare-hcpc',
          'Does the content of supervision sessions cover workload management, welfare/support issues and any other issues specified within HCPC standards: e.g. Current HCPC Registration / DBS update (if applicable)',
        ),
        yesNo(
          'decisions-on-case-file',
          'Have decisions made about service users also been recorded on the case file/electronic record and signed and dated by the Manager (if applicable)',
        ),
        yesNo(
          'development-needs',
          'Is there evidence that the supervisor has considered and acted on the supervisee’s performance / training / development needs?',
        ),
        yesNo(
          'attendance',
          'Is there evidence that the supervisee’s attendance has been managed in line with the guidance in the Managers Toolkit?',
        ),
        yesNo(
          'permanence-planning',
          'Is there evidence that Permanence Planning is in place for the child – taking into consideration for the full spectrum of permanence (ie – safe case closure, staying at home, connected people, shared care, fostering, adoption)?',
        ),
        yesNo(
          'direct-work-examples',
          'Does the supervision record evidence 2 examples of either the planning of, or the occurrence of direct work with children?',
        ),
        {
          ...yesNo(
            'observe-supervisor',
            'From the file audit is there a necessity to arrange an observation of the supervisors’ supervision skills?',
          ),
          // A yes is a concern: the supervisor's skills are to be observed (K31).
          favourable: 'no',
        },
      ],
    },
  ],
};

const rag = (id: string, text: string) => ({ id, text, answer: 'rag' }) as const;

/** T-002-K: a worker's RAG self-assessment of pieces of their own work on the six golden threads. */
export const goldenThreads: AuditTool = {
  id: 'golden-threads',
  source: { seed: manchester, section: 'Appendix K - Self-Assessment Procedure' },
  catalogueRef: 'T-002-K',
  note: '"All social workers to audit / RAG rate 2 assessment pieces of work using the 6 golden threads", "available 2 days before their allotted supervision": the seed does not say working or calendar days (D09); read as working days, so the supervisor has them in working time.',
  name: 'Self-assessment: the six golden threads',
  purpose: 'Rate two pieces of your own assessment work before your supervision.',
  of: ['own_work'],
  pieces: 2,
  readyBefore: { unit: 'working_days', count: 2 },
  sections: [
    {
      id: 'golden-threads',
      heading: 'The six golden threads',
      questions: [
        rag('management-oversight', '1. Management Oversight'),
        rag('voice-of-child', '2. Voice of Child'),
        rag('engaging-parents', '3. Engaging Parents'),
        rag('impact-chronology', '4. Impact Chronology'),
        rag('quality-of-assessment', '5. Quality of Assessment/Plan'),
        rag('doing-with-not-to', '6. Doing with, not to'),
      ],
    },
  ],
};

/** T-004-7: Durham's Appendix 4 is a file link only; these are the framework's own standards. */
export const durhamSupervisionAudit: AuditTool = {
  id: 'supervision-audit',
  source: { seed: durham, section: '7 Quality Assurance' },
  catalogueRef: 'T-004-7',
  note: 'The Supervision Audit Template (Appendix 4) is not in the seed. Section 7 says the audit "ensures that the standards of supervision outlined in this document are being followed", so the questions are those standards (4.1 to 6), each answered yes or no.',
  name: 'Supervision audit',
  of: ['supervision_files'],
  actions: true,
  sections: [
    {
      id: 'standards',
      heading: 'Standards of supervision',
      questions: [
        yesNo(
          'agreement',
          'Is there a Supervision Agreement signed by both, reviewed in the last year or since a change of supervisor? (4.1)',
        ),
        yesNo(
          'frequency',
          'Has personal supervision taken place at least 9 times a year (5 for part-time staff)? (4.2)',
        ),
        yesNo('length', 'Do sessions last around 90 minutes? (4.2)'),
        yesNo(
          'recorded-in-time',
          'Are personal and case supervision recorded within the framework’s timescales, with the date on MyView? (4.7)',
        ),
        yesNo(
          'on-childs-record',
          'Is case supervision recorded on the child’s record in LiquidLogic? (4.7)',
        ),
        yesNo(
          'disagreements',
          'Are disagreements recorded on the supervision record, and referred to the supervisor’s line manager where unresolved? (4.10)',
        ),
        yesNo(
          'effectiveness-review',
          'Has the effectiveness of supervision been reviewed in the last 6 months, with the supervisee’s feedback? (4.11)',
        ),
        yesNo(
          'observations',
          'Have direct observations taken place and been recorded on the direct observation form? (6)',
        ),
        yesNo('pdr', 'Is the Performance and Development Review up to date? (6)'),
      ],
    },
    {
      id: 'summary',
      heading: 'Summary',
      questions: [
        { id: 'good-practice', text: 'Areas of good practice', answer: 'text' },
        { id: 'development', text: 'Areas for development', answer: 'text' },
      ],
    },
  ],
};

/**
 * The supervisees' feedback survey, built from the seeds' own review questions: Durham 4.11
 * ("content, length, frequency, format and style"), Manchester 5.1 and Appendix J (effective,
 * acted on concerns, development needs, anti-discriminatory), Northumberland's reflective
 * discussion, support and constructive challenge (T-000-06.1).
 */
export function feedbackSurvey(
  source: RuleSource,
  every: FeedbackSurvey['every'],
  note: string,
): FeedbackSurvey {
  const agree = (id: string, text: string) => ({ id, text, answer: 'agreement' }) as const;
  return {
    id: 'supervisee-feedback',
    source,
    note: `${note} Results are shown only for groups of at least 5 respondents, so no one's answers can be picked out.`,
    title: 'Your experience of supervision',
    every,
    minimumGroup: 5,
    questions: [
      agree('content', 'The content of my supervision meets my needs.'),
      agree('frequency', 'My supervision happens as often as agreed.'),
      agree('length', 'My supervision is long enough.'),
      agree('format-and-style', 'The format and style of my supervision work for me.'),
      agree(
        'reflection',
        'Supervision gives me reflective discussion, support and constructive challenge.',
      ),
      agree('acted-on-concerns', 'My supervisor acts on the concerns and issues I raise.'),
      agree('development', 'My training and development needs are considered and acted on.'),
      agree(
        'equality',
        'My supervision promotes equal opportunities and anti-discriminatory practice.',
      ),
      {
        id: 'improvements',
        text: 'What would most improve your supervision?',
        hint: 'Select all that apply.',
        answer: 'themes',
        options: [
          'More regular sessions',
          'Fewer cancellations',
          'More time for reflection',
          'More case discussion',
          'More support with wellbeing',
          'Clearer actions and follow-up',
          'Better records of supervision',
          'Nothing: it works well',
        ],
      },
      { id: 'comments', text: 'Anything else you would like to say', answer: 'text' },
    ],
  };
}
