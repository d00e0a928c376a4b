// An image over the limit is refused here, in the form, before it is sent: the server would
// otherwise answer a bare 413 page after the whole upload.
// The same on the edit page's upload form and on the create form's optional thumbnail.
const input = document.getElementById('thumbnail-file');
const form = input.form;
const error = document.getElementById('thumbnail-error');
const maxBytes = Number(input.dataset.maxBytes);
const megabytes = (bytes) => (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');

function check() {
  const file = input.files[0];
  const tooBig = file && file.size > maxBytes;
  error.textContent = tooBig
    ? `This image is ${megabytes(file.size)} MB; the limit is ${megabytes(maxBytes)} MB. Choose a smaller one or resize it first.`
    : '';
  input.classList.toggle('is-invalid', Boolean(tooBig));
  input.setAttribute('aria-invalid', tooBig ? 'true' : 'false');
  return !tooBig;
}

input.addEventListener('change', check);
form.addEventListener('submit', (event) => {
  if (!check()) {
    event.preventDefault();
    input.focus();
  }
});
