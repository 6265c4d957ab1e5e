// Warns before an idle session ends and offers to stay signed in (the GOV.UK timeout warning
// pattern). Without JavaScript the session still ends; record drafts are saved on every submit.

const warningLeadMs = 2 * 60_000;
const activityKey = 'oversight:session:activity';
const noticeKey = 'oversight:session:signed-out';

const idleMeta = document.querySelector('meta[name="oversight-session-idle-ms"]');
const csrfMeta = document.querySelector('meta[name="csrf-token"]');
const idleMs = Number(idleMeta?.content);

showSignedOutNotice();
if (idleMs > 0 && csrfMeta) watchSession(idleMs, csrfMeta.content);

function watchSession(idleMs, csrfToken) {
  // The server slides the idle expiry at most once a minute (auth-service `resume`), so the
  // session may end up to that long before a full idle time has passed since the last request.
  const slideMs = Math.min(60_000, idleMs / 4);
  const leadMs = Math.min(warningLeadMs, (idleMs - slideMs) / 2);
  const dialog = timeoutDialog();
  let lastActivity = Date.now();
  let timer;
  let ending = false;
  let returnFocusTo;

  const deadline = () => Math.max(lastActivity, sharedActivity()) + idleMs - slideMs;

  function check() {
    clearTimeout(timer);
    if (ending) return;
    const remaining = deadline() - Date.now();
    if (remaining <= 0) return endSession();
    if (remaining > leadMs) {
      close();
      // Short steps, so a computer waking from sleep notices a deadline that passed meanwhile.
      timer = setTimeout(check, Math.min(remaining - leadMs, 30_000));
      return;
    }
    open(remaining);
    // Next when the whole minutes left change: the live region speaks at most once a minute.
    timer = setTimeout(check, remaining - (minutesLeft(remaining) - 1) * 60_000);
  }

  function open(remaining) {
    const text = `We will sign you out in ${minutesText(remaining)}.`;
    if (dialog.countdown.textContent !== text) dialog.countdown.textContent = text;
    if (dialog.element.open) return;
    returnFocusTo = document.activeElement;
    dialog.element.showModal();
  }

  function close() {
    if (!dialog.element.open) return;
    dialog.element.close('kept');
    if (returnFocusTo instanceof HTMLElement) returnFocusTo.focus();
  }

  function activity() {
    lastActivity = Date.now();
    shareActivity(lastActivity);
    check();
  }

  // One keepalive at a time: Escape and a click together must not send two.
  let keeping = false;
  async function staySignedIn() {
    if (keeping) return;
    keeping = true;
    dialog.problem.remove();
    const outcome = await keepAlive(csrfToken);
    keeping = false;
    if (outcome === 'kept') return activity();
    if (outcome === 'signed-out') return endSession();
    // Added only now, as an alert: an empty region would leave a gap and say nothing.
    dialog.problem.textContent =
      'Oversight could not be reached. Check your connection and try again.';
    dialog.actions.before(dialog.problem);
  }

  async function endSession() {
    ending = true;
    clearTimeout(timer);
    await lastChance();
    await signOut(csrfToken);
    const hasDraft = document.querySelector('form[data-record-draft]') !== null;
    remember(noticeKey, JSON.stringify({ minutes: Math.round(idleMs / 60_000), hasDraft }));
    const here = window.location.pathname + window.location.search;
    window.location.assign(`/sign-in?next=${encodeURIComponent(here)}`);
  }

  dialog.stay.addEventListener('click', staySignedIn);
  // Escape means "stay signed in"; a dialog closed any other way than by us means the same.
  dialog.element.addEventListener('cancel', (event) => {
    event.preventDefault();
    staySignedIn();
  });
  dialog.element.addEventListener('close', () => {
    if (dialog.element.returnValue !== 'kept' && !ending) staySignedIn();
    dialog.element.returnValue = '';
  });
  document.addEventListener('oversight:activity', activity);
  window.addEventListener('storage', (event) => {
    if (event.key === activityKey) check();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  shareActivity(lastActivity);
  check();
}

/**
 * Lets the page save what it can (record-autosave.js saves the draft one last time): listeners
 * hand their promises to `waitUntil`. A save that hangs is not waited for beyond 5 seconds.
 */
async function lastChance() {
  const pending = [];
  const waitUntil = (promise) => pending.push(promise);
  document.dispatchEvent(new CustomEvent('oversight:session-ending', { detail: { waitUntil } }));
  if (pending.length === 0) return;
  await Promise.race([Promise.allSettled(pending), new Promise((r) => setTimeout(r, 5000))]);
}

/** 'kept', 'signed-out' (401/403: the session or its token is gone) or 'unreachable'. */
async function keepAlive(csrfToken) {
  try {
    const response = await fetch('/session/keepalive', {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: new URLSearchParams({ _csrf: csrfToken }),
    });
    if (response.ok) return 'kept';
    return response.status === 401 || response.status === 403 ? 'signed-out' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}

/** Ends the session on the server too, so the sign-in page does not send us straight back. */
async function signOut(csrfToken) {
  try {
    await fetch('/sign-out', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrfToken }),
      redirect: 'manual',
    });
  } catch {
    // Offline: the session ends on the server by itself.
  }
}

function minutesLeft(ms) {
  return Math.max(1, Math.ceil(ms / 60_000));
}

function minutesText(ms) {
  const minutes = minutesLeft(ms);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

// Another tab's requests keep the same session alive, so tabs share the time of their last one.
function sharedActivity() {
  return Number(recall(activityKey, localStorage)) || 0;
}

function shareActivity(time) {
  if (time > sharedActivity()) remember(activityKey, String(time), localStorage);
}

function remember(key, value, storage = sessionStorage) {
  try {
    storage.setItem(key, value);
  } catch {
    // Storage refused (private mode, full): the warning still works within this tab.
  }
}

function recall(key, storage = sessionStorage) {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

/** The modal, built once and kept hidden until it is needed. */
function timeoutDialog() {
  const element = make('dialog', { class: 'govuk-!-padding-6' });
  element.setAttribute('aria-labelledby', 'session-timeout-heading');
  element.setAttribute('aria-describedby', 'session-timeout-countdown session-timeout-why');
  // Set through CSSOM, which the content security policy allows (style attributes it does not).
  Object.assign(element.style, { maxWidth: '32em', border: '5px solid #0b0c0c' });

  const heading = make('h2', { class: 'govuk-heading-m', id: 'session-timeout-heading' });
  heading.textContent = 'You will be signed out soon';
  const countdown = make('p', { class: 'govuk-body', id: 'session-timeout-countdown' });
  countdown.setAttribute('aria-live', 'polite');
  const why = make('p', { class: 'govuk-body', id: 'session-timeout-why' });
  why.textContent = document.querySelector('form[data-record-draft]')
    ? 'We do this to keep records secure. Your draft is saved as you type, and once more before you are signed out.'
    : 'We do this to keep records secure.';
  const problem = make('p', { class: 'govuk-error-message', role: 'alert' });

  const actions = make('div', { class: 'govuk-button-group' });
  const stay = make('button', { type: 'button', class: 'govuk-button' });
  stay.textContent = 'Stay signed in';
  const signOutLink = make('a', { class: 'govuk-link', href: '/sign-out' });
  signOutLink.textContent = 'Sign out';
  actions.append(stay, signOutLink);

  element.append(heading, countdown, why, actions);
  document.body.append(element);
  return { element, countdown, problem, actions, stay };
}

function make(tag, attributes) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** On the page after an idle sign-out (the sign-in page): say why the person is there. */
function showSignedOutNotice() {
  const saved = recall(noticeKey);
  const main = document.querySelector('main');
  if (!saved || !main || idleMeta) return;
  sessionStorage.removeItem(noticeKey);
  let notice;
  try {
    notice = JSON.parse(saved);
  } catch {
    return;
  }
  const banner = make('div', {
    class: 'govuk-notification-banner',
    role: 'region',
    'aria-labelledby': 'signed-out-notice-title',
  });
  const header = make('div', { class: 'govuk-notification-banner__header' });
  const title = make('h2', {
    class: 'govuk-notification-banner__title',
    id: 'signed-out-notice-title',
  });
  title.textContent = 'Important';
  header.append(title);
  const content = make('div', { class: 'govuk-notification-banner__content' });
  const heading = make('p', { class: 'govuk-notification-banner__heading' });
  heading.textContent = `You were signed out because Oversight was not used for ${notice.minutes} minute${notice.minutes === 1 ? '' : 's'}`;
  const next = make('p', { class: 'govuk-body' });
  next.textContent = notice.hasDraft
    ? 'Sign in to go back to your record. Your draft was saved; anything that could not be saved is kept on this device and offered back when you open the record.'
    : 'Sign in to go back to the page you were on.';
  content.append(heading, next);
  banner.append(header, content);
  main.prepend(banner);
}
