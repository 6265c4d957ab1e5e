// No lost work on a record draft: saves as the person types, keeps a copy on this device until
// the server has it, and offers that copy back after a crash or a sign-out. Without JavaScript
// the draft is saved on every submit.

const quietMs = 2000;
const longestWaitMs = 10_000;
// Browsers refuse a keepalive request body over 64 KiB; a larger draft is sent the ordinary way.
const keepaliveLimit = 60_000;
const signedOutMessage =
  'Not saved: you may have been signed out. Your text is kept on this device.';

// Copies are kept per person. On a shared computer another person's copies are removed as soon
// as someone else signs in, and signing out on purpose removes one's own.
const draftPrefix = 'oversight:draft:';
const userId = document.querySelector('meta[name="oversight-user"]')?.content;

// Everything below is declared before this runs: function declarations are hoisted.
if (userId) forgetCopies((key) => !key.startsWith(`${draftPrefix}${userId}:`));
document
  .querySelector('form[action="/sign-out"]')
  ?.addEventListener('submit', () => forgetCopies(() => true));
const form = document.querySelector('form[data-record-draft]');
if (form && userId) autosave(form);

function forgetCopies(which) {
  try {
    const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i));
    for (const key of keys) if (key?.startsWith(draftPrefix) && which(key)) forget(key);
  } catch {
    // Storage is not available: nothing was kept.
  }
}

function autosave(form) {
  const key = `${draftPrefix}${userId}:${form.dataset.recordDraft}`;
  const status = form.querySelector('[data-autosave-status]');
  let quietTimer;
  let longestTimer;
  let dirty = false;
  // After a conflict nothing more is sent; after a submit the form's own POST saves instead.
  let conflicted = false;
  let submitting = false;
  let inFlight;

  const revision = () => form.elements.namedItem('revision')?.value ?? '';
  const place = () => ({ revision: revision(), sections: new FormData(form).getAll('sections') });

  function changed() {
    dirty = true;
    keepCopy(key, place(), fieldsOf(form));
    if (conflicted || submitting) return;
    clearTimeout(quietTimer);
    quietTimer = setTimeout(save, quietMs);
    longestTimer ??= setTimeout(save, longestWaitMs);
  }

  /** Saves what the form holds now, after any save already on its way. */
  function save(options = {}) {
    clearTimeout(quietTimer);
    clearTimeout(longestTimer);
    longestTimer = undefined;
    if (inFlight) return inFlight.then(() => save(options));
    if (!dirty || conflicted || submitting) return Promise.resolve();
    dirty = false;
    inFlight = send(options).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  async function send({ keepalive = false }) {
    const sent = fieldsOf(form);
    const body = new URLSearchParams(new FormData(form));
    body.set('intent', 'autosave');
    let response;
    try {
      response = await fetch(form.action, {
        method: 'POST',
        headers: { accept: 'application/json' },
        body,
        keepalive: keepalive && body.toString().length < keepaliveLimit,
      });
    } catch {
      return failed(signedOutMessage);
    }
    const answer = await response.json().catch(() => ({}));
    if (response.ok && answer.revision !== undefined) return saved(answer, sent);
    if (response.status === 409) return conflict(answer);
    if (response.status === 400) return failed(notSavedYet(answer.problems));
    if (response.status === 401 || response.status === 403) return failed(signedOutMessage);
    return failed('Not saved: something went wrong. Your text is kept on this device.');
  }

  function saved(answer, sent) {
    const field = form.elements.namedItem('revision');
    if (field) field.value = String(answer.revision);
    const now = fieldsOf(form);
    // Typing that went on while the save was on its way is not on the server yet: keep it.
    if (sameFields(now, sent)) forget(key);
    else keepCopy(key, place(), now);
    say(`Draft saved at ${timeOf(answer.savedAt)}`);
    document.dispatchEvent(new CustomEvent('oversight:activity'));
  }

  function failed(message) {
    dirty = true;
    say(message);
  }

  // Someone else saved in between: stop, so nothing of theirs is overwritten. Saving the form
  // the ordinary way shows a page with both texts.
  function conflict(answer) {
    conflicted = true;
    dirty = true;
    const saveButton = form.querySelector('button[name="intent"][value="save"]');
    const label = saveButton?.textContent.trim() || 'Save';
    const message = (answer.message || 'Someone else saved this draft after you opened it')
      .trim()
      .replace(/\.$/, '');
    status?.replaceChildren(
      warningText(`${message}. Your text is kept. Select ‘${label}’ to compare the two.`),
    );
  }

  function say(message) {
    if (status) status.textContent = message;
  }

  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  // The form's own POST and an autosave must not race (each would meet a conflict with the
  // other), so autosave stops on submit; and a submit while a save is on its way waits for it,
  // then goes again with the revision that save returned.
  form.addEventListener('submit', (event) => {
    clearTimeout(quietTimer);
    clearTimeout(longestTimer);
    longestTimer = undefined;
    submitting = true;
    if (!inFlight) return;
    event.preventDefault();
    const submitter = event.submitter;
    inFlight.then(() => form.requestSubmit(submitter ?? undefined));
  });
  // Back to this page from the browser's cache: the submit left it, so autosave resumes.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) submitting = false;
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') save({ keepalive: true });
  });
  window.addEventListener('online', () => save());
  document.addEventListener('oversight:session-ending', (event) => {
    event.detail?.waitUntil?.(save());
  });

  offerCopy(form, key, place(), { onRestore: changed, say });
}

/** After a crash or a sign-out: the text typed on this device that the server never got. */
function offerCopy(form, key, place, { onRestore, say }) {
  const copy = readCopy(key);
  if (!copy) return;
  if (sameFields(copy.fields, fieldsOf(form))) return forget(key);
  // A copy made on an older revision would overwrite someone's later save; one from another
  // page of the draft (its other sections) does not fit this form. Neither is offered.
  if (copy.revision !== place.revision || !sameFields(copy.sections, place.sections)) return;
  const names = new Set(fieldsOf(form, { all: true }).map(([name]) => name));
  if (!copy.fields.every(([name]) => names.has(name))) return;
  const banner = restoreBanner(copy.savedAt);
  form.before(banner.element);
  banner.restore.addEventListener('click', () => {
    banner.element.remove();
    restoreFields(form, copy.fields);
    onRestore();
    say('Restored the text you had not saved. It will be saved as a draft.');
    firstField(form)?.focus();
  });
  banner.discard.addEventListener('click', () => {
    banner.element.remove();
    forget(key);
    say('Discarded the text you had not saved.');
    firstField(form)?.focus();
  });
}

/**
 * The person's own fields as [name, value] pairs: not the token, the revision or other hidden
 * ones. With `all`, every choice whether chosen or not (to know which names the form has).
 */
function fieldsOf(form, { all = false } = {}) {
  const fields = [];
  for (const element of form.elements) {
    if (!element.name || element.disabled || !isTyped(element)) continue;
    if (element.type === 'checkbox' || element.type === 'radio') {
      if (element.checked || all) fields.push([element.name, element.value]);
    } else if (element.type === 'select-multiple') {
      const options = all ? element.options : element.selectedOptions;
      for (const option of options) fields.push([element.name, option.value]);
    } else {
      fields.push([element.name, element.value]);
    }
  }
  return fields;
}

function isTyped(element) {
  return (
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName) &&
    !['hidden', 'submit', 'button', 'reset', 'file', 'image'].includes(element.type)
  );
}

function restoreFields(form, fields) {
  const values = new Map();
  for (const [name, value] of fields) values.set(name, [...(values.get(name) ?? []), value]);
  const seen = new Map();
  for (const element of form.elements) {
    if (!element.name || !isTyped(element)) continue;
    const wanted = values.get(element.name) ?? [];
    if (element.type === 'checkbox' || element.type === 'radio') {
      const checked = wanted.includes(element.value);
      // A click, not `checked =`, so GOV.UK Frontend's conditional reveals follow.
      if (element.checked !== checked && (checked || element.type === 'checkbox')) element.click();
      else if (!checked) element.checked = false;
    } else if (element.type === 'select-multiple') {
      for (const option of element.options) option.selected = wanted.includes(option.value);
    } else {
      // Fields sharing a name are filled in page order.
      const index = seen.get(element.name) ?? 0;
      seen.set(element.name, index + 1);
      element.value = wanted[index] ?? '';
      // Lets character counts and the like catch up.
      element.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }
}

function firstField(form) {
  return [...form.elements].find((element) => isTyped(element) && !element.disabled);
}

function sameFields(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The copy names the revision and sections it was typed on, to be offered only there. */
function keepCopy(key, place, fields) {
  try {
    localStorage.setItem(
      key,
      JSON.stringify({ ...place, savedAt: new Date().toISOString(), fields }),
    );
  } catch {
    // Storage refused (private mode, full): autosave to the server still works.
  }
}

function readCopy(key) {
  try {
    const copy = JSON.parse(localStorage.getItem(key) ?? 'null');
    return copy && Array.isArray(copy.fields) && Array.isArray(copy.sections) ? copy : undefined;
  } catch {
    return undefined;
  }
}

function forget(key) {
  try {
    localStorage.removeItem(key);
  } catch {
    // Nothing was stored.
  }
}

function notSavedYet(problems) {
  const first = Array.isArray(problems) ? problems[0]?.message : undefined;
  return first ? `Not saved yet: ${first}` : 'Not saved yet: check what you have entered.';
}

function timeOf(iso) {
  const date = iso ? new Date(iso) : new Date();
  return date.toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });
}

function warningText(message) {
  const warning = make('div', 'govuk-warning-text');
  const icon = make('span', 'govuk-warning-text__icon');
  icon.setAttribute('aria-hidden', 'true');
  icon.textContent = '!';
  const text = make('strong', 'govuk-warning-text__text');
  const hidden = make('span', 'govuk-visually-hidden');
  hidden.textContent = 'Warning';
  text.append(hidden, message);
  warning.append(icon, text);
  return warning;
}

function restoreBanner(savedAt) {
  const element = make('div', 'govuk-notification-banner');
  element.setAttribute('role', 'region');
  element.setAttribute('aria-labelledby', 'draft-restore-title');
  const header = make('div', 'govuk-notification-banner__header');
  const title = make('h2', 'govuk-notification-banner__title');
  title.id = 'draft-restore-title';
  title.textContent = 'Important';
  header.append(title);
  const content = make('div', 'govuk-notification-banner__content');
  const heading = make('p', 'govuk-notification-banner__heading');
  heading.textContent = `You typed text at ${timeOf(savedAt)} on this device that was not saved`;
  const actions = make('div', 'govuk-button-group');
  const restore = make('button', 'govuk-button');
  restore.type = 'button';
  restore.textContent = 'Restore the text you had not saved';
  const discard = make('button', 'govuk-button govuk-button--secondary');
  discard.type = 'button';
  discard.textContent = 'Discard';
  actions.append(restore, discard);
  content.append(heading, actions);
  element.append(header, content);
  return { element, restore, discard };
}

function make(tag, className) {
  const element = document.createElement(tag);
  element.className = className;
  return element;
}
