// Keeps a <video> playing for as long as the viewer may watch it. Its source is either a
// short-lived signed URL (the replay of a class) or an authorised range endpoint (recordings and
// clips). The module asks the video's data-playback-url for a source — before the current one
// expires, and again whenever the video fails (a laptop that slept past the expiry, a dropped
// connection) — and resumes at the same position, playing if it was playing. When the server says
// access has really ended, playback stops and the element named by data-playback-message says why.
//
// The playback endpoint answers 200 {"url", "expiresInSeconds"} (null: the source does not expire)
// or a problem body (401 signed out, 403/404 no access any more) whose "detail" is shown as is.

const RETRY_MS = [2000, 5000, 10000, 20000];
const MAX_FAILURES_IN_A_ROW = 3;
// A video that waits this long for data without an error (an answer it cannot use, such as a
// redirect to the login page) is treated as failed: it would otherwise spin for ever.
const STALL_MS = 12000;

export class LastingPlayback {
  /**
   * @param {HTMLVideoElement} video
   * @param {{ playbackUrl: string, expiresInSeconds?: number|null, message?: HTMLElement|null }} options
   */
  constructor(video, { playbackUrl, expiresInSeconds = null, message = null }) {
    this.video = video;
    this.playbackUrl = playbackUrl;
    this.message = message;
    this.renewals = 0;
    this.ended = false;
    this.failures = 0;
    this.timer = 0;
    this.renewing = null;
    this.lastPosition = 0;
    // Whether the viewer wants it playing: a failure pauses the video too, which is not the viewer's wish.
    this.playIntent = !video.paused;
    video.addEventListener('play', () => { this.playIntent = true; });
    video.addEventListener('pause', () => { if (!video.error) this.playIntent = false; });
    video.addEventListener('timeupdate', () => {
      if (!video.seeking) this.lastPosition = video.currentTime;
      if (video.currentTime > 0) this.failures = 0; // it plays again: later failures start a new count
    });
    video.addEventListener('error', () => this.recover());
    this.stallTimer = 0;
    for (const waiting of ['waiting', 'seeking']) video.addEventListener(waiting, () => this.watchForStall());
    for (const moving of ['playing', 'seeked', 'error', 'emptied']) video.addEventListener(moving, () => clearTimeout(this.stallTimer));
    this.schedule(expiresInSeconds);
  }

  /** Renews the source in time: a quarter of its life (at most a minute) before it expires. */
  schedule(expiresInSeconds) {
    clearTimeout(this.timer);
    if (expiresInSeconds == null || this.ended) return;
    const lead = Math.min(60, expiresInSeconds / 4);
    this.timer = setTimeout(() => this.renew(), Math.max(5, expiresInSeconds - lead) * 1000);
  }

  watchForStall() {
    clearTimeout(this.stallTimer);
    const position = this.video.currentTime;
    this.stallTimer = setTimeout(() => {
      if (!this.ended && this.video.readyState < HTMLMediaElement.HAVE_FUTURE_DATA && this.video.currentTime === position) this.recover();
    }, STALL_MS);
  }

  /** The video failed: get a source again and carry on where the viewer was (or where they seeked to). */
  async recover() {
    if (this.ended) return;
    const video = this.video;
    const resume = { position: video.currentTime > 0 ? video.currentTime : this.lastPosition, playing: this.playIntent };
    if (this.renewing) await this.renewing; // a source that failed while being swapped in: try again after
    this.failures += 1;
    if (this.failures > MAX_FAILURES_IN_A_ROW) {
      this.stop('The video could not be loaded. Reload the page to try again.', 'warning');
      return;
    }
    await this.renew(resume);
  }

  /** Fetches a fresh source and swaps it in (once at a time). */
  renew(resume) {
    this.renewing ??= this.fetchSource()
      .then((source) => source && this.swap(source, resume))
      .finally(() => { this.renewing = null; });
    return this.renewing;
  }

  async fetchSource() {
    for (let attempt = 0; ; attempt++) {
      let response;
      try {
        response = await fetch(this.playbackUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      } catch {
        if (attempt >= RETRY_MS.length) {
          this.show('The connection is lost. Playback resumes when it is back; reload the page if it does not.', 'warning');
          return null;
        }
        this.show('The connection dropped. Reconnecting…', 'info');
        await delay(RETRY_MS[attempt]);
        continue;
      }
      if (response.ok) return response.json();
      const problem = await response.json().catch(() => ({}));
      if (response.status >= 500 && attempt < RETRY_MS.length) {
        await delay(RETRY_MS[attempt]);
        continue;
      }
      this.stop(problem.detail || 'You can no longer watch this video.', 'secondary');
      if (response.status === 401) this.addLogInLink();
      return null;
    }
  }

  async swap({ url, expiresInSeconds }, resume) {
    const video = this.video;
    const position = resume?.position ?? video.currentTime;
    const playing = resume?.playing ?? (!video.paused && !video.ended);
    this.hide();
    this.renewals += 1;
    video.dataset.renewals = String(this.renewals);
    this.lastPosition = position;
    video.src = url;
    this.schedule(expiresInSeconds);
    if ((await Promise.race([once(video, 'loadedmetadata'), once(video, 'error')])).type === 'error') return;
    if (position > 0) video.currentTime = Number.isFinite(video.duration) ? Math.min(position, video.duration) : position;
    if (playing) await video.play().catch(() => {});
  }

  /** Access has ended (or the video cannot load): stop asking, free the player, say why. */
  stop(text, kind) {
    this.ended = true;
    clearTimeout(this.timer);
    this.video.pause();
    this.video.removeAttribute('src');
    this.video.load();
    this.video.dataset.playbackEnded = 'true';
    this.show(text, kind);
  }

  show(text, kind) {
    if (!this.message) return;
    this.message.textContent = text;
    this.message.className = `alert alert-${kind} mt-2`;
    this.message.hidden = false;
  }

  addLogInLink() {
    if (!this.message) return;
    const link = document.createElement('a');
    link.href = `/account/login?returnUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`;
    link.className = 'alert-link ms-1';
    link.textContent = 'Log in';
    this.message.append(' ', link);
  }

  hide() {
    if (this.message && !this.ended) this.message.hidden = true;
  }
}

/** Attaches to a video carrying data-playback-url (and optionally data-expires-in, data-playback-message). */
export function keepPlaying(video) {
  if (video.lastingPlayback) return video.lastingPlayback;
  const expires = video.dataset.expiresIn;
  video.lastingPlayback = new LastingPlayback(video, {
    playbackUrl: video.dataset.playbackUrl,
    expiresInSeconds: expires ? Number(expires) : null,
    message: document.getElementById(video.dataset.playbackMessage ?? ''),
  });
  return video.lastingPlayback;
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function once(target, event) {
  return new Promise((resolve) => target.addEventListener(event, resolve, { once: true }));
}
