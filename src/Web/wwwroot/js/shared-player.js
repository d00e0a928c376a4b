// The player of a shared link. The app checks the link on every range request, so a link turned
// off (or expired) mid-video makes the player fail: say so instead of freezing without a word.
const player = document.querySelector('[data-shared-player]');
const notice = document.getElementById('player-ended');

async function linkStillWorks() {
  try {
    const response = await fetch(player.currentSrc || player.src, { method: 'GET', headers: { Range: 'bytes=0-0' }, cache: 'no-store' });
    return response.ok;
  } catch {
    return true; // offline or a network blip: the browser's own error is the better message
  }
}

if (player && notice) {
  player.addEventListener('error', async () => {
    if (await linkStillWorks()) return;
    player.pause();
    player.removeAttribute('src');
    player.load();
    notice.classList.remove('d-none');
  });
}
