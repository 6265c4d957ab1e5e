// Progressive enhancement only: every page works without this file.
import { initAll } from '/govuk/govuk-frontend.min.js';
import './record-autosave.js';
import './session-timeout.js';

initAll();

// An import page while a file is checked or imported: show progress as it happens, and load
// the result when the state changes. Without this the page offers a refresh link.
const job = document.querySelector('[data-import-job]');
const running = ['checking', 'importing'];
if (job && running.includes(job.dataset.importState)) {
  const progress = job.querySelector('[data-import-progress]');
  const poll = async () => {
    const response = await fetch(`/organisation/import/${job.dataset.importJob}/progress`, {
      headers: { accept: 'application/json' },
    });
    if (!response.ok) return;
    const { state, rowsRead } = await response.json();
    if (state !== job.dataset.importState) return window.location.reload();
    if (progress) {
      const verb = state === 'checking' ? 'checked' : 'written';
      progress.textContent = `${rowsRead.toLocaleString('en-GB')} rows ${verb} so far.`;
    }
    setTimeout(poll, 1500);
  };
  setTimeout(poll, 1000);
}
