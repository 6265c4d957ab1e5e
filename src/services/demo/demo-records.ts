import type { Repositories } from '../../data-access/index.ts';
import { addDays, isoDateAt } from '../../domain/calendar/iso-date.ts';
import type { IsoDate } from '../../domain/calendar/period.ts';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import type { RecordKind } from '../../domain/policy/vocabulary.ts';
import { sessionService } from '../../features/planning/session-service.ts';
import {
  type Caller,
  type DraftInput,
  type RecordService,
  recordService,
} from '../../features/records/record-service.ts';
import { accessService } from '../access-service.ts';
import { demoAccounts } from './demo-organisation.ts';

/**
 * Records written in Oversight for the demo. The bundle's records came from another system and
 * hold only their dates, so these few are written the way the pages write them (the record
 * service, as Daniel Okafor and Jordan Ellis) on days counted back from the load day:
 *
 * - Jordan's personal supervision about a month ago, signed by both and locked, with two
 *   actions: Daniel to observe Jordan's practice, Jordan to book the court skills course;
 * - the observation of practice two weeks ago, whose review of actions completes the first;
 * - a case supervision last week about a child on Jordan's caseload, shared by Daniel and
 *   waiting for Jordan's signature;
 * - Daniel's draft of today's personal supervision, half written.
 *
 * Personal notes give children's LCS numbers only: the systemic framework's "Names of personal
 * details of children and their families will not be recorded in professional supervision
 * notes. However ID numbers may be used." (001, 9. Supervision Recording).
 *
 * Each step is stamped with the day the story's clock says; the times of signatures and
 * locking are the database's own (`now()`), so they read as the day the demo was loaded. Which
 * child the case supervision is about depends on the bundle's ids; the dates and words do not.
 */
export async function addDemoRecords(
  repos: Repositories,
  organisationId: string,
  now: Date,
): Promise<void> {
  const clock = storyClock(now);
  const records = recordService(repos, { sessions: sessionService(repos, clock) });
  const daniel = await callerFor(repos, 'tm-ait');
  const jordan = await callerFor(repos, 'sw-ait-1');
  const jordanId = jordan.actor.staffId!;
  const today = isoDateAt(now);
  const { calendar } = await records.policyOf(organisationId);
  const days = storyDays(calendar, today);
  const caseload = await repos.records.caseload(organisationId, jordanId);
  const byCase = [...caseload].sort((a, b) => a.externalId.localeCompare(b.externalId));
  const visited = byCase[0];
  // Any of Jordan's children would do, but not the first by id: the record tests write their
  // own case supervision about that child and compare it with the one before, their own.
  const discussed = [...caseload].sort((a, b) => (a.id < b.id ? -1 : 1)).at(-1);
  if (!visited || !discussed || caseload.length < 2)
    throw new Error('the demo gives Jordan Ellis fewer than two children');
  const story = { repos, organisationId, records, clock, daniel, jordan, jordanId };

  const actions = await personalSupervision(story, days, visited.externalId);
  await observation(story, days, visited.externalId, actions.get('observe-visit')!);
  await caseSupervision(story, days, { id: discussed.id, name: discussed.names[0] ?? null });
  await todaysDraft(story, days, actions.get('court-skills')!);
  await noticesSentAtTheTime(repos, organisationId);
}

/**
 * Sharing queued a notice for each record. In the story they went out on the days it happened,
 * before the demo's notifications begin (the bundle brings none), so they are taken off the
 * queue as done rather than sent now.
 */
async function noticesSentAtTheTime(repos: Repositories, organisationId: string) {
  await repos.jobs.markPendingDone(organisationId, 'notice', new Date());
}

type Story = {
  repos: Repositories;
  organisationId: string;
  records: RecordService;
  clock: ReturnType<typeof storyClock>;
  daniel: Caller;
  jordan: Caller;
  jordanId: string;
};

/** The days the story happens on: supervision on working days, counted back from today. */
function storyDays(calendar: WorkingCalendar, today: IsoDate) {
  const before = (days: number) => calendar.previousWorkingDayOnOrBefore(addDays(today, -days));
  const after = (date: IsoDate, days: number) =>
    calendar.nextWorkingDayOnOrAfter(addDays(date, days));
  return {
    today,
    monthAgo: before(28),
    observed: before(14),
    lastWeek: before(7),
    after,
    /** A step taken a few working days after the meeting, never later than today. */
    later: (date: IsoDate, workingDays: number) => {
      const day = calendar.addWorkingDays(date, workingDays);
      return day < today ? day : today;
    },
  };
}
type Days = ReturnType<typeof storyDays>;

/** The story's clock (the session service's, whose day records take), moved day by day. */
function storyClock(start: Date) {
  let at = start;
  return {
    clock: () => at,
    /** Midday UTC is the same date in the organisation's time zone. */
    on(date: IsoDate) {
      at = new Date(`${date}T12:00:00Z`);
    },
  };
}

async function callerFor(repos: Repositories, staffKey: string): Promise<Caller> {
  const account = demoAccounts.find((a) => a.staff === staffKey);
  const user = account && (await repos.users.findByEmail(account.email));
  if (!user) throw new Error(`the demo has no account for ${staffKey}`);
  return { user, actor: await accessService(repos).actorFor(user) };
}

type Content = Pick<DraftInput, 'answers' | 'actions' | 'reviews'>;

/** Starts a record as the pages do and saves what was written in it. */
async function written(
  { records, clock }: Story,
  caller: Caller,
  start: { kind: RecordKind; staffId: string; childId?: string; date: IsoDate },
  content: Content,
): Promise<string> {
  clock.on(start.date);
  const started = await records.start(caller, start);
  if (started.outcome !== 'saved') throw failed(`start a ${start.kind}`, started);
  const saved = await records.save(caller, started.id, { version: 1, revision: 1, ...content });
  if (saved.outcome !== 'saved') throw failed(`write the ${start.kind}`, saved);
  return started.id;
}

/** Shares the latest draft (the author signs as they share) on the given day. */
async function shared({ records, clock }: Story, caller: Caller, id: string, on: IsoDate) {
  clock.on(on);
  const { version } = await records.shareCheck(caller, id);
  const result = await records.share(caller, id, version.revision);
  if (result.outcome !== 'shared') throw failed('share a record', result);
}

async function signed({ records, clock }: Story, caller: Caller, id: string, on: IsoDate) {
  clock.on(on);
  const result = await records.sign(caller, id, { decision: 'agree' });
  if (result.outcome !== 'signed' || !result.locked) throw failed('sign a record', result);
}

function failed(what: string, result: { outcome: string; problems?: unknown }) {
  return new Error(
    `the demo could not ${what}: ${result.outcome} ${JSON.stringify(result.problems ?? '')}`,
  );
}

/** About a month ago: supervision written up, shared, signed by Jordan and locked. */
async function personalSupervision(story: Story, days: Days, visitedCase: string) {
  const { daniel, jordan, jordanId } = story;
  const on = days.monthAgo;
  const id = await written(
    story,
    daniel,
    { kind: 'personal_supervision', staffId: jordanId, date: on },
    {
      answers: {
        'record.support':
          'Jordan is well, with no sickness absence since we last met. Two court deadlines in the same week meant working late twice. We agreed Friday afternoons are kept free for writing up, and that Jordan tells me as soon as a deadline looks at risk so the work can be shared.\n\nLone working: visits are logged on the board and Jordan is happy with the buddy system.',
        'record.gone-well': `The Independent Reviewing Officer praised the assessment for ${visitedCase}: clear analysis, and the child's own words used throughout. Jordan has also been a steady support to the newly qualified worker in the team, who asked for Jordan by name.`,
        'record.reflection':
          'We talked through whether one family should step down to early help. Jordan thinks the progress is real but recent, and worries it will not hold without a social worker. We agreed to take it to the review conference with the family rather than decide here.\n\nJordan feels the caseload is manageable while the court work lasts, and will say if that changes.',
        'record.learning':
          'The priority this year is confidence in giving evidence. Jordan has not had an observation of practice this year, so I will observe a home visit before we next meet. Jordan will book the court skills course run by legal services.',
        'record.next': days.today,
      },
      actions: [
        {
          key: 'observe-visit',
          description:
            'Observe a home visit by Jordan for this year’s observation of practice, and write it up on the observation template',
          ownerId: daniel.actor.staffId,
          dueOn: days.after(on, 21),
        },
        {
          key: 'court-skills',
          description: 'Book a place on the court skills course run by legal services',
          ownerId: jordanId,
          dueOn: days.after(on, 42),
        },
      ],
    },
  );
  await shared(story, daniel, id, days.later(on, 2));
  await signed(story, jordan, id, days.later(on, 3));
  const actions = await story.repos.records.actionsOf(story.organisationId, id);
  // The tracked action each row became when the record was shared, by the row's key.
  return new Map(actions.map((a) => [a.key ?? '', a.id]));
}

/** Two weeks ago: the observation Daniel promised, which completes his action. */
async function observation(story: Story, days: Days, visitedCase: string, observeId: string) {
  const { daniel, jordan, jordanId } = story;
  const on = days.observed;
  const id = await written(
    story,
    daniel,
    { kind: 'direct_observation', staffId: jordanId, date: on },
    {
      answers: {
        'record.lcs-number': visitedCase,
        'record.observation':
          'Home visit at the family home, about an hour, to review the child in need plan with both parents and to see the children.',
        'record.worked-well':
          'Jordan explained why we were there and what would happen at the start, and checked the parents understood the plan. Good use of the three houses with the younger child, whose own words are now in the plan. Calm, clear and honest when the father became frustrated about letters from school.',
        'record.done-differently':
          'The visit ran over, and the older child was seen with a parent in the room. Next time, plan time to see the older child alone, at school if that is easier.',
        'record.service-user-feedback':
          'The mother said Jordan "listens and doesn\'t judge", and that she knows what is expected of her before the review.',
        'record.reflections':
          'Jordan was nervous about being observed but felt the visit went as visits usually do, and agrees the older child needs time alone.',
      },
      actions: [
        {
          key: 'older-child',
          description:
            'See the older child alone before the next review and record their views in their own words',
          ownerId: jordanId,
          dueOn: days.after(on, 21),
        },
      ],
      reviews: [
        {
          actionId: observeId,
          progress: 'Done: the home visit was observed and is written up in this record.',
          outcome: 'completed',
        },
      ],
    },
  );
  await shared(story, daniel, id, days.later(on, 1));
  await signed(story, jordan, id, days.later(on, 2));
}

/** Last week: case supervision about one child, shared and waiting for Jordan to sign. */
async function caseSupervision(
  story: Story,
  days: Days,
  child: { id: string; name: string | null },
) {
  const { daniel, jordanId } = story;
  const on = days.lastWeek;
  const first = child.name?.split(' ')[0] ?? 'The child';
  const id = await written(
    story,
    daniel,
    { kind: 'case_supervision', staffId: jordanId, childId: child.id, date: on },
    {
      answers: {
        'child-views.child-views': `${first} told Jordan at school that home feels calmer since the plan started, and that what would help most is seeing dad every weekend, not every other one.`,
        worried:
          'Two health appointments missed since the review. Mum has a new partner who has not yet been met or checked. School attendance has fallen to 86% this term.',
        'working-well': `Mum has kept every appointment with the family support worker, and the home is in a better state than at the review. ${first} has a trusted adult at school and says so.`,
        'needs-to-happen':
          'The new partner is met and the checks done before the next review. The health appointments are rebooked, with help to get there.',
        decisions:
          'The plan stays at child in need; on what we know now there is no need for a strategy discussion. The worries are about missed care rather than harm, and mum is working with the plan. We will look again at once if the checks on the partner raise anything, or if attendance falls further.',
      },
      actions: [
        {
          key: 'partner-checks',
          description: 'Visit to meet mum’s new partner, and complete the checks',
          ownerId: jordanId,
          dueOn: days.after(on, 10),
          childId: child.id,
        },
        {
          key: 'health',
          description: 'Rebook the missed health appointments with mum and offer transport',
          ownerId: jordanId,
          dueOn: days.after(on, 14),
          childId: child.id,
        },
      ],
    },
  );
  await shared(story, daniel, id, days.later(on, 1));
}

/** Today: Daniel has started writing up this month's supervision. */
async function todaysDraft(story: Story, days: Days, courseId: string) {
  await written(
    story,
    story.daniel,
    { kind: 'personal_supervision', staffId: story.jordanId, date: days.today },
    {
      answers: {
        'record.support':
          'Jordan is well and took two days of leave since we last met. The court work has eased and there has been no late working this month.',
        'record.gone-well':
          'The observation of practice went well: the family’s feedback was warm, and the direct work with the younger child was a model for the team.',
      },
      reviews: [
        {
          actionId: courseId,
          progress: 'Jordan has a place on the next course.',
          outcome: 'open',
        },
      ],
    },
  );
}
