// The clip page while the clip is being cut: poll its status and move the progress bar; when the
// clip is ready or failed, reload so the page shows the player and the actions (or Retry).

const section = document.getElementById('clip-status');
const bar = document.getElementById('clip-progress-bar');
const progress = document.getElementById('clip-progress');
const state = document.getElementById('clip-state');

async function poll() {
  try {
    const response = await fetch(section.dataset.statusUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const clip = await response.json();
    if (clip.status === 'Ready' || clip.status === 'Failed') {
      window.location.reload();
      return;
    }
    bar.style.width = `${clip.progress}%`;
    bar.textContent = `${clip.progress}%`;
    progress.setAttribute('aria-valuenow', String(clip.progress));
    state.textContent = clip.status === 'Pending' ? 'Waiting to be cut…' : 'Cutting the clip…';
  } catch {
    state.textContent = 'Checking the clip… (connection problem, trying again)';
  }
  setTimeout(poll, 1000);
}

if (section && bar) {
  bar.style.width = `${progress.getAttribute('aria-valuenow')}%`;
  poll();
}
