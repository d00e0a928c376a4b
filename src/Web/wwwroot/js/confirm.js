// Forms that undo something (cancelling an enrollment, leaving a waitlist) ask first: the form's
// data-confirm attribute holds the question. Without JavaScript the form simply submits.
for (const form of document.querySelectorAll('form[data-confirm]')) {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
}
