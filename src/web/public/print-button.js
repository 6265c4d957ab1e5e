// Progressive enhancement only: a "Print this record" button on a print layout. Without
// JavaScript the button stays hidden (govuk-!-display-none) and the browser's own print
// command prints the page.
for (const button of document.querySelectorAll('[data-app-print]')) {
  if (typeof window.print !== 'function') continue;
  button.classList.remove('govuk-!-display-none');
  button.addEventListener('click', () => window.print());
}
