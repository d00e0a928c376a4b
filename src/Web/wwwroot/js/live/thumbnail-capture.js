// When the class goes live, grab a frame of the camera preview and offer it as the class
// thumbnail; the server keeps an uploaded thumbnail and only fills a missing one (auto=true).
import { antiforgeryToken } from './live-common.js';

const root = document.getElementById('broadcast');
const preview = document.getElementById('preview');

// Resolves once the preview shows a frame (a busy machine may go live before the first one),
// or false after `ms`.
function firstFrame(ms) {
  if (!preview) return Promise.resolve(false);
  if (preview.videoWidth > 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok) => { clearTimeout(timer); preview.removeEventListener('loadeddata', onFrame); resolve(ok); };
    const onFrame = () => { if (preview.videoWidth > 0) done(true); };
    const timer = setTimeout(() => done(preview.videoWidth > 0), ms);
    preview.addEventListener('loadeddata', onFrame);
  });
}

async function captureFrame() {
  if (!(await firstFrame(15000))) return null;
  const scale = Math.min(1, 1280 / preview.videoWidth);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(preview.videoWidth * scale);
  canvas.height = Math.round(preview.videoHeight * scale);
  canvas.getContext('2d').drawImage(preview, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
}

document.addEventListener('broadcast:live', async () => {
  if (!root || root.dataset.hasThumbnail === 'true') return;
  try {
    const frame = await captureFrame();
    if (!frame) return;
    const body = new FormData();
    body.append('file', frame, 'live-frame.jpg');
    await fetch(`/instructor/streams/${root.dataset.streamId}/thumbnail?auto=true`, {
      method: 'POST',
      body,
      headers: { RequestVerificationToken: antiforgeryToken() },
      credentials: 'same-origin',
    });
  } catch {
    // A missing thumbnail is not worth interrupting the class for: the placeholder stays.
  }
}, { once: true });
