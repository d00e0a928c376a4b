// Recordings list and share pages: copy a link (toast "Link copied"), share through the Web
// Share API where the device can share the file itself, else fall back to the links shown.

const toastElement = document.getElementById('copy-toast');

function showToast(text) {
  if (!toastElement) return;
  toastElement.querySelector('.toast-body').textContent = text;
  // Bootstrap's bundle is loaded by the layout; without it the toast simply shows and hides.
  const Toast = window.bootstrap?.Toast;
  if (Toast) {
    Toast.getOrCreateInstance(toastElement, { delay: 2500 }).show();
  } else {
    toastElement.classList.add('show');
    setTimeout(() => toastElement.classList.remove('show'), 2500);
  }
}

async function copyText(text) {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission refused or an insecure origin: fall back to a selection copy below.
    }
  }
  const field = document.createElement('textarea');
  field.value = text;
  field.setAttribute('readonly', '');
  field.className = 'visually-hidden';
  document.body.appendChild(field);
  field.select();
  const copied = document.execCommand('copy');
  field.remove();
  return copied;
}

for (const button of document.querySelectorAll('[data-copy-link]')) {
  button.addEventListener('click', async () => {
    const link = button.getAttribute('data-copy-link');
    const copied = await copyText(link);
    showToast(copied ? 'Link copied' : `Copy this link: ${link}`);
  });
}

// "Share the video": the file itself to Instagram, TikTok… through the device's share sheet
// (mobile browsers that can share files); elsewhere tell the user what to do instead.
for (const button of document.querySelectorAll('[data-share-file]')) {
  const hint = document.getElementById(button.getAttribute('aria-describedby') ?? '');
  const canShareFiles = typeof navigator.canShare === 'function'
    && navigator.canShare({ files: [new File([new Uint8Array(1)], 'probe.mp4', { type: 'video/mp4' })] });
  if (!canShareFiles) {
    button.hidden = true;
    if (hint) hint.hidden = false;
    continue;
  }
  button.addEventListener('click', async () => {
    button.disabled = true;
    const original = button.textContent;
    button.textContent = 'Preparing the video…';
    try {
      const response = await fetch(button.getAttribute('data-share-file'), { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const blob = await response.blob();
      const file = new File([blob], button.getAttribute('data-file-name') || 'recording.mp4', { type: blob.type || 'video/mp4' });
      await navigator.share({ files: [file], title: button.getAttribute('data-title') ?? '' });
    } catch (error) {
      if (error?.name !== 'AbortError') showToast('Sharing did not work: download the video and upload it in the app.');
    } finally {
      button.disabled = false;
      button.textContent = original;
    }
  });
}
