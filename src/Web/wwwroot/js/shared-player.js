// The player of a shared link. The app checks the link on every request for the file, but a short
// video may already be in the browser's buffer: so the player also asks whether the link still
// works when it starts, seeks, fails, and every 30 s while playing. A link turned off (or expired)
// stops the player with a message instead of freezing without a word.
const player = document.querySelector('[data-shared-player]');
const notice = document.getElementById('player-ended');
const recheckEvery = 30_000;

async function linkStillWorks() {
  try {
    const response = await fetch(player.currentSrc || player.src, { headers: { Range: 'bytes=0-0' }, cache: 'no-store' });
    return response.ok;
  } catch {
    return true; // offline or a network blip: the browser's own error is the better message
  }
}

async function check() {
  if (!notice.classList.contains('d-none') || await linkStillWorks()) return;
  player.pause();
  player.removeAttribute('src');
  player.removeAttribute('poster');
  player.load();
  player.hidden = true;
  document.getElementById('share-actions')?.setAttribute('hidden', '');
  notice.classList.remove('d-none');
}

if (player && notice) {
  for (const event of ['play', 'seeking', 'error']) player.addEventListener(event, check);
  setInterval(() => { if (!player.paused) check(); }, recheckEvery);
}
