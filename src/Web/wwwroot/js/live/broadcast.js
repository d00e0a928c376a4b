// The instructor's broadcast page: camera/microphone preview with pickers, "Go live", one peer
// connection per viewer (local provider: viewers' WHEP offers arrive over SignalR), viewer
// count, elapsed time, "End stream". Reloading the page mid-class resumes.
import {
  createHub, formatElapsed, PageIceServers, postJson, serverCandidatesGathered, serverCandidateTypes, setStatusBadge,
  udpCandidatesGathered,
} from './live-common.js';
import { ReplayRecorder } from './replay-recorder.js';
import { reportPresence } from './broadcast-presence.js';
import { WhipPublisher } from './whip-publisher.js';

const root = document.getElementById('broadcast');
const streamId = root.dataset.streamId;
const preview = document.getElementById('preview');
const cameraSelect = document.getElementById('camera');
const micSelect = document.getElementById('microphone');
const goLiveButton = document.getElementById('go-live');
const endButton = document.getElementById('end-stream');
const connectionState = document.getElementById('connection-state');
const viewerCount = document.getElementById('viewer-count');
const elapsed = document.getElementById('elapsed');
const statusBadge = document.getElementById('live-status');
const message = document.getElementById('broadcast-message');
const recordingState = document.getElementById('recording-state');

let status = root.dataset.status;
let startedAt = root.dataset.startedAt ? new Date(root.dataset.startedAt) : null;
let media = null;
let hub = null;
let recorder = null;
const peers = new Map();
window.streamingPeers = peers; // for diagnostics (and the browser tests)
// Cloudflare mode: the page publishes to the class's WHIP URL (only the owner's page has it).
const cloudflare = root.dataset.provider === 'Cloudflare';
// Local mode with STUN/TURN servers (Streaming:Local:IceServers): viewers behind NATs reach us through them.
const pageIceServers = new PageIceServers(root);
const whip = root.dataset.whipUrl ? new WhipPublisher(root.dataset.whipUrl, { onState: onWhipState }) : null;

function onWhipState(state) {
  updateConnection();
  // A dropped publish reconnects by itself while the class is live.
  if (state === 'failed' && status === 'Live') {
    setTimeout(() => startServing().catch((e) => show(`Reconnecting to Cloudflare failed: ${e.message}`, 'danger')), 2000);
  }
}

function show(text, kind = 'info') {
  message.textContent = text;
  message.className = `alert alert-${kind}`;
  message.classList.toggle('d-none', !text);
}

function setBadge(text, css) {
  setStatusBadge(statusBadge, text, css);
}

function updateConnection() {
  if (cloudflare) {
    const state = whip?.state ?? 'closed';
    connectionState.textContent = status !== 'Live' ? (status === 'Ended' ? 'Ended' : 'Not connected')
      : state === 'connected' ? 'Sending to Cloudflare Stream' : `Cloudflare Stream: ${state}`;
    connectionState.dataset.state = state;
    return;
  }
  if (!hub || status !== 'Live') {
    connectionState.textContent = status === 'Ended' ? 'Ended' : 'Not connected';
    return;
  }
  const connected = [...peers.values()].filter((pc) => pc.connectionState === 'connected').length;
  const hubState = hub.state === 'Connected' ? 'Connected' : hub.state;
  connectionState.textContent = `${hubState}${connected ? `, sending to ${connected} viewer${connected === 1 ? '' : 's'}` : ''}`;
  connectionState.dataset.state = hub.state;
}

async function listDevices() {
  const devices = await navigator.mediaDevices.enumerateDevices();
  for (const [select, kind] of [[cameraSelect, 'videoinput'], [micSelect, 'audioinput']]) {
    const current = media?.getTracks().find((t) => `${t.kind}input` === kind)?.getSettings().deviceId;
    select.innerHTML = '';
    devices.filter((d) => d.kind === kind).forEach((d, i) => {
      const option = new Option(d.label || `${kind === 'videoinput' ? 'Camera' : 'Microphone'} ${i + 1}`, d.deviceId);
      option.selected = d.deviceId === current;
      select.append(option);
    });
  }
}

async function openMedia() {
  const video = cameraSelect.value ? { deviceId: { exact: cameraSelect.value } } : { width: { ideal: 1280 }, height: { ideal: 720 } };
  const audio = micSelect.value ? { deviceId: { exact: micSelect.value } } : true;
  const next = await navigator.mediaDevices.getUserMedia({ video, audio });
  const previous = media;
  media = next;
  preview.srcObject = media;
  for (const pc of peers.values()) {
    for (const sender of pc.getSenders()) {
      const track = media.getTracks().find((t) => t.kind === sender.track?.kind);
      if (track) await sender.replaceTrack(track);
    }
  }
  await whip?.replaceTracks(media);
  if (recorder && status === 'Live') recorder.start(media); // a new camera or microphone: record from it
  previous?.getTracks().forEach((t) => t.stop());
  document.dispatchEvent(new CustomEvent('broadcast:media', { detail: media }));
  await listDevices();
}

function dropPeer(sessionId, tellServer) {
  const pc = peers.get(sessionId);
  if (!pc) return;
  peers.delete(sessionId);
  pc.onconnectionstatechange = null;
  pc.close();
  if (tellServer && hub?.state === 'Connected') hub.invoke('ViewerGone', sessionId).catch(() => {});
  updateConnection();
}

/**
 * Starts a new viewer's video at half the camera's size (640x360 from a 720p camera), kept at that
 * size, then (once connected for SMALL_START_MS) sends the full size and leaves the adaptation to
 * the browser's default again. The first frame is what the viewer waits for: at half the size it
 * is encoded and sent sooner (measured with a loaded CPU: 44-67 ms median between the connection
 * and the first frame shown, against 94-101 ms at the full size), and a size fixed from the start
 * keeps the encoder from dropping its first frames while it scales down to the starting bitrate
 * (the browser's default: 0.15-1 s at times). Sources under 540 lines start at their own size.
 * Browsers without these parameters keep their default. Returns what restores the default.
 */
async function startSmall(pc) {
  const sender = pc.getSenders().find((s) => s.track?.kind === 'video');
  if (!sender) return () => {};
  const initial = sender.getParameters();
  const preference = initial.degradationPreference;
  const scale = initial.encodings?.[0]?.scaleResolutionDownBy;
  const set = async (degradationPreference, scaleResolutionDownBy) => {
    try {
      const parameters = sender.getParameters();
      parameters.degradationPreference = degradationPreference;
      if (parameters.encodings?.[0]) parameters.encodings[0].scaleResolutionDownBy = scaleResolutionDownBy;
      await sender.setParameters(parameters);
    } catch {
      // Not supported, or the connection closed meanwhile: the default stays.
    }
  };
  const large = (sender.track.getSettings().height ?? 0) >= 540;
  await set('maintain-resolution', large ? 2 : 1);
  // Chromium's default for a camera when none is set.
  return () => set(preference ?? 'maintain-framerate', scale ?? 1);
}

const SMALL_START_MS = 3000;

async function answerViewer(sessionId, offerSdp) {
  // Each step's time in the page's performance timeline (for diagnostics, and the browser tests print them).
  const mark = (step) => performance.mark(`answer:${step}`, { detail: sessionId });
  mark('offer');
  if (!media) {
    await hub.invoke('RejectOffer', sessionId, 'The instructor has no camera open.');
    return;
  }
  const iceServers = await pageIceServers.fresh(); // renewed first when its TURN credentials expire soon
  const pc = new RTCPeerConnection(iceServers.length ? { iceServers } : undefined);
  peers.set(sessionId, pc);
  pc.onconnectionstatechange = () => {
    if (pc.connectionState === 'connected') mark('connected');
    if (pc.connectionState === 'failed' || pc.connectionState === 'closed') dropPeer(sessionId, true);
    updateConnection();
  };
  try {
    await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    mark('remote-set');
    for (const track of media.getTracks()) pc.addTrack(track, media);
    const restoreDefault = await startSmall(pc);
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'connected') setTimeout(restoreDefault, SMALL_START_MS);
    });
    await pc.setLocalDescription(await pc.createAnswer());
    mark('local-set');
    // The viewer's offer carries no candidates (it does not wait for them): ours must be in the
    // answer. Its UDP ones are enough, and come at once: the rest of gathering (TCP candidates,
    // ~100 ms later) adds nothing the viewer can use (see udpCandidatesGathered). With STUN/TURN
    // servers, also those servers' candidates (the viewer's own come later, trickled).
    await udpCandidatesGathered(pc);
    if (iceServers.length) await serverCandidatesGathered(pc, serverCandidateTypes(iceServers));
    mark('candidates');
    await hub.invoke('SendAnswer', sessionId, pc.localDescription.sdp);
    mark('answer-sent');
  } catch (error) {
    dropPeer(sessionId, false);
    hub.invoke('RejectOffer', sessionId, `The broadcaster could not connect: ${error.message}`).catch(() => {});
  }
}

async function startServing() {
  if (cloudflare) {
    if (!whip) throw new Error('This class has no Cloudflare live input.');
    if (whip.state === 'closed' || whip.state === 'failed') await whip.start(media);
    updateConnection();
    return;
  }
  if (!hub) {
    hub = createHub(root.dataset.hubUrl);
    hub.on('offer', answerViewer);
    hub.on('viewerLeft', (sessionId) => dropPeer(sessionId, false));
    // A viewer's candidates found after its offer (WHEP trickle ICE, relayed by the app).
    hub.on('candidates', (sessionId, candidates, ended) => {
      const pc = peers.get(sessionId);
      if (!pc) return;
      for (const { candidate, sdpMid } of candidates) pc.addIceCandidate({ candidate, sdpMid: sdpMid ?? '0' }).catch(() => {});
      if (ended) pc.addIceCandidate().catch(() => {});
      performance.mark('answer:trickled', { detail: { sessionId, count: candidates.length } });
    });
    hub.on('viewerCount', (count) => { if (status === 'Live') viewerCount.textContent = String(count); });
    hub.onreconnecting(updateConnection);
    hub.onreconnected(async () => {
      // The server forgot us with the old connection: register again (viewers reconnect by themselves).
      for (const id of [...peers.keys()]) dropPeer(id, false);
      await hub.invoke('StartBroadcasting', streamId).catch((e) => show(e.message, 'danger'));
      updateConnection();
    });
    hub.onclose(updateConnection);
  }
  if (hub.state === 'Disconnected') await hub.start();
  await hub.invoke('StartBroadcasting', streamId);
  updateConnection();
}

/** Records the class for the replay, continuing at the server's next chunk after a reload. */
function startRecording() {
  if (recorder || !media) return;
  recorder = new ReplayRecorder(root.dataset.recordingUrl, Number(root.dataset.recordingNextIndex || 0), (text, kind) => {
    recordingState.textContent = text;
    recordingState.dataset.kind = kind ?? '';
  });
  window.streamingRecorder = recorder; // for diagnostics (and the browser tests)
  recorder.start(media);
}

function showLive() {
  status = 'Live';
  setBadge('Live now', 'text-bg-danger');
  goLiveButton.hidden = true;
  document.getElementById('early-warning')?.remove(); // "the class starts in 1 h" no longer applies
  endButton.hidden = false;
  endButton.disabled = false;
  document.dispatchEvent(new CustomEvent('broadcast:live', { detail: { streamId, startedAt } }));
}

async function goLive() {
  // Well before the announced start, the page asks first (the server says how early in data-confirm-early).
  const early = goLiveButton.dataset.confirmEarly;
  if (early && !startedAt && !window.confirm(early)) return;
  goLiveButton.disabled = true;
  try {
    if (!media) await openMedia();
    if (cloudflare) await startServing(); // the video reaches Cloudflare before the class is marked live
    const result = await postJson(root.dataset.liveUrl);
    startedAt = new Date(result.startedAt);
    showLive();
    startRecording();
    await startServing();
    show('You are live. Keep this tab open while you teach.', 'success');
  } catch (error) {
    show(`Could not go live: ${error.message}`, 'danger');
    goLiveButton.disabled = false;
  }
}

async function endStream() {
  if (!window.confirm('End the class for everyone? This cannot be undone.')) return;
  endButton.disabled = true;
  try {
    if (recorder) {
      show('Saving the last part of the recording…', 'info');
      if (!(await recorder.finish())) show('Part of the recording could not be uploaded; the replay will end early.', 'warning');
    }
    const result = await postJson(root.dataset.endUrl);
    status = result.status;
    document.dispatchEvent(new CustomEvent('broadcast:ended', { detail: { streamId } }));
    for (const id of [...peers.keys()]) dropPeer(id, false);
    await whip?.stop();
    await hub?.stop();
    media?.getTracks().forEach((t) => t.stop());
    preview.srcObject = null;
    setBadge('Ended', 'text-bg-secondary');
    // Nobody watches an ended class: no last count left standing.
    document.getElementById('viewers').textContent = 'None: the class is over';
    endButton.hidden = true;
    show('The class has ended.', 'secondary');
    updateConnection();
  } catch (error) {
    show(`Could not end the class: ${error.message}`, 'danger');
    endButton.disabled = false;
  }
}

setInterval(() => {
  if (status === 'Live' && startedAt) elapsed.textContent = formatElapsed(Date.now() - startedAt.getTime());
}, 1000);

/** Live, with a camera track running and a connection that carries it (Cloudflare's WHIP, or the relay's hub). */
function isSending() {
  const camera = media?.getVideoTracks().some((t) => t.readyState === 'live');
  const connected = cloudflare ? whip?.state === 'connected' : hub?.state === 'Connected';
  return status === 'Live' && Boolean(camera) && connected;
}

reportPresence(root.dataset.heartbeatUrl, isSending, (reason) => {
  // The app ended the class (the broadcast was interrupted for too long): stop, and say why.
  status = 'Ended';
  recorder?.finish(0); // the class no longer takes chunks
  for (const id of [...peers.keys()]) dropPeer(id, false);
  whip?.stop();
  hub?.stop();
  setBadge('Ended', 'text-bg-secondary');
  endButton.hidden = true;
  show(reason, 'warning');
  updateConnection();
});

// Cloudflare reports no viewer count for WebRTC: count the members' viewing sessions instead.
async function refreshViewerCount() {
  if (!cloudflare || status !== 'Live') return;
  try {
    const response = await fetch(root.dataset.viewersUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (response.ok && status === 'Live') viewerCount.textContent = String((await response.json()).watching);
  } catch {
    // The next poll tries again; the count is informative only.
  }
}
setInterval(refreshViewerCount, 10000);
document.addEventListener('broadcast:live', refreshViewerCount);

cameraSelect.addEventListener('change', () => openMedia().catch((e) => show(`Camera: ${e.message}`, 'danger')));
micSelect.addEventListener('change', () => openMedia().catch((e) => show(`Microphone: ${e.message}`, 'danger')));
goLiveButton?.addEventListener('click', goLive);
endButton?.addEventListener('click', endStream);

if (status === 'Scheduled' || status === 'Live') {
  try {
    await openMedia();
    if (status === 'Live') {
      showLive();
      startRecording();
      await startServing();
      show('Broadcast resumed.', 'success');
    } else {
      goLiveButton.disabled = false;
    }
  } catch (error) {
    show(`The camera or microphone could not be opened: ${error.message}. Allow access and reload the page.`, 'danger');
    if (goLiveButton) goLiveButton.disabled = false;
  }
}
