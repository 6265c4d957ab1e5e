// Progressive enhancement only: a "Copy" button for a read-only field (the calendar feed's
// address). Without JavaScript the button stays hidden (govuk-!-display-none) and the address
// can be selected.
for (const button of document.querySelectorAll('[data-copy-from]')) {
  const field = document.getElementById(button.dataset.copyFrom);
  const status = document.querySelector('[data-copy-status]');
  if (!field || !navigator.clipboard) continue;
  button.classList.remove('govuk-!-display-none');
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) status.textContent = 'The address has been copied.';
    } catch {
      field.select();
      if (status) status.textContent = 'Select the address and copy it.';
    }
  });
}
