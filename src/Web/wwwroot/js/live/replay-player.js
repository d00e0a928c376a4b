// The replay on the watch page: a plain <video controls> playing the MP4 from a short-lived signed
// URL (range requests let it seek), renewed before it expires for as long as the member's replay
// access lasts (lasting-playback.js). While the replay is being prepared the page checks every 10 s
// and reloads when it is ready. Playing the replay counts as a replay viewing session.
import { postJson } from './live-common.js';
import { keepPlaying } from '../media/lasting-playback.js';

const HEARTBEAT_MS = 15000;
const CHECK_MS = 10000;

export function startReplay(root) {
  const box = document.getElementById('replay');
  if (!box) return;
  const video = document.getElementById('replay-video');
  if (video) {
    window.streamingReplay = keepPlaying(video); // for diagnostics (and the browser tests)
    trackViewing(video, root.dataset.sessionsUrl);
    return;
  }
  if (box.dataset.replayState !== 'Processing') return;
  const timer = setInterval(async () => {
    try {
      const response = await fetch(box.dataset.replayStatusUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!response.ok) return;
      const status = await response.json();
      if (status.state !== 'Processing') {
        clearInterval(timer);
        window.location.reload();
      }
    } catch {
      // try again on the next tick
    }
  }, CHECK_MS);
}

function trackViewing(video, sessionsUrl) {
  let sessionId = null;
  let heartbeat = 0;
  let joining = false;
  video.addEventListener('play', async () => {
    if (sessionId || joining) return;
    joining = true;
    try {
      sessionId = (await postJson(`${sessionsUrl}?mode=Replay`)).id;
      heartbeat = setInterval(() => {
        if (!video.paused) postJson(`${sessionsUrl}/${sessionId}/heartbeat`).catch(() => {});
      }, HEARTBEAT_MS);
    } catch {
      // Viewing statistics are best effort: the replay plays without them.
    } finally {
      joining = false;
    }
  });
  window.addEventListener('pagehide', () => {
    clearInterval(heartbeat);
    if (sessionId) postJson(`${sessionsUrl}/${sessionId}/leave`, { keepalive: true }).catch(() => {});
  });
}
