// The watch page: countdown before the start, the live player when the class goes live
// (SignalR, with polling as a fallback), mute/unmute, full screen, viewing sessions.
import {
  createHub, formatCountdown, PageIceServers, postJson, setStatusBadge, videoStarted, whenVideoStarted,
} from './live-common.js';
import { WhepPlayer } from './whep-player.js';
import { startReplay } from './replay-player.js';

const root = document.getElementById('watch');
const streamId = root.dataset.streamId;
const video = document.getElementById('live-video');
const stateText = document.getElementById('player-state');
const countdown = document.getElementById('countdown');
const countdownTime = document.getElementById('countdown-time');
const unmuteButton = document.getElementById('unmute');
const fullscreenButton = document.getElementById('fullscreen');
const scheduledStart = new Date(root.dataset.scheduledStart);
const iceServers = new PageIceServers(root);

let status = root.dataset.status;
let player = null;
let sessionId = null;
let heartbeat = 0;
let hub = null;
let subscribed = false;

const HEARTBEAT_MS = 15000;

async function joinSession() {
  try {
    sessionId = (await postJson(`${root.dataset.sessionsUrl}?mode=Live`)).id;
    heartbeat = setInterval(() => {
      postJson(`${root.dataset.sessionsUrl}/${sessionId}/heartbeat`).catch(() => {});
    }, HEARTBEAT_MS);
  } catch {
    // Viewing statistics are best effort: the class plays without them.
  }
}

function leaveSession() {
  clearInterval(heartbeat);
  if (sessionId) postJson(`${root.dataset.sessionsUrl}/${sessionId}/leave`, { keepalive: true }).catch(() => {});
  sessionId = null;
}

function startPlayer() {
  if (player || !video) return;
  countdown.hidden = true;
  player = new WhepPlayer(video, root.dataset.whepUrl, {
    iceServers: () => iceServers.fresh(),
    onState: (text, kind) => {
      stateText.textContent = text;
      if (kind !== 'connecting') videoStarted();
    },
  });
  window.streamingPlayer = player; // for diagnostics (and the browser tests)
  player.start();
  whenVideoStarted().then(joinSession);
}

function stopPlayer() {
  player?.stop();
  player = null;
  leaveSession();
}

function applyStatus(next) {
  if (!next || next.status === status) return;
  status = next.status;
  if (status === 'Live') {
    // A member who opened the page before the start: the badge the server rendered said "Scheduled".
    setStatusBadge(document.getElementById('live-status'), 'Live now', 'text-bg-danger');
    startPlayer();
  }
  else if (status === 'Ended' || status === 'Cancelled') {
    stopPlayer();
    // The server renders what comes after (the replay or its message).
    window.location.reload();
  }
}

function tick() {
  if (status !== 'Scheduled' || !countdownTime) return;
  const left = scheduledStart.getTime() - Date.now();
  countdownTime.textContent = left > 0 ? formatCountdown(left) : 'a moment — waiting for the instructor';
}

async function poll() {
  if ((subscribed && hub?.state === 'Connected') || status === 'Ended' || status === 'Cancelled') return;
  try {
    const response = await fetch(root.dataset.statusUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (response.ok) applyStatus(await response.json());
    // No longer ours to watch (the seat was refunded: the class did not take place, or was cancelled):
    // the server renders what applies now.
    else if (response.status === 403 || response.status === 404) window.location.reload();
  } catch {
    // try again on the next tick
  }
}

async function subscribe() {
  hub = createHub(root.dataset.hubUrl);
  hub.on('status', applyStatus);
  hub.onreconnected(async () => applyStatus(await hub.invoke('WatchStatus', streamId)));
  try {
    await hub.start();
    applyStatus(await hub.invoke('WatchStatus', streamId));
    subscribed = true;
  } catch (error) {
    // Refused (e.g. the seat was refunded since the page was rendered) or unreachable: ask once now, then every 10 s.
    console.info(`Live updates unavailable (${error.message}); checking every 10 s instead.`);
    poll();
  }
}

unmuteButton?.addEventListener('click', () => {
  video.muted = !video.muted;
  if (!video.muted) video.play().catch(() => {});
  unmuteButton.textContent = video.muted ? 'Unmute' : 'Mute';
});
fullscreenButton?.addEventListener('click', () => {
  const box = document.getElementById('player');
  if (document.fullscreenElement) document.exitFullscreen();
  else box.requestFullscreen?.().catch(() => {});
});
window.addEventListener('pagehide', stopPlayer);

if (status === 'Scheduled' || status === 'Live') {
  tick();
  setInterval(tick, 1000);
  setInterval(poll, 10000);
  if (status === 'Live') startPlayer();
  // This module runs as soon as it arrives (async), possibly before the SignalR client script has.
  whenVideoStarted().then(() => {
    if (window.signalR) subscribe();
    else document.addEventListener('DOMContentLoaded', subscribe, { once: true });
  });
}

if (status === 'Ended') startReplay(root);
