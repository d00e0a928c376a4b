// Records the class in the broadcaster's browser (MediaRecorder, WebM) and uploads a chunk every
// ~4 s to POST {base}/chunks/{index}, strictly in order, retrying until the server has it. What is
// uploaded stays on the server if the tab dies; a reloaded page continues at the server's next index.

const TIMESLICE_MS = 4000;
const VIDEO_BITS_PER_SECOND = 2_500_000;
const MIME_TYPES = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm'];

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

export class ReplayRecorder {
  /**
   * @param {string} chunksUrl  e.g. /live/{id}/recording/chunks
   * @param {number} nextIndex  the index the server expects next
   * @param {(text: string, kind?: string) => void} onState
   */
  constructor(chunksUrl, nextIndex, onState) {
    this.chunksUrl = chunksUrl;
    this.nextIndex = nextIndex;
    this.onState = onState;
    this.queue = [];
    this.uploaded = 0;
    this.recorder = null;
    this.stopped = false;
    this.failed = null;
    this.uploading = null;
    this.recordedMs = 0;
    this.segmentStart = 0;
  }

  static isSupported() {
    return typeof MediaRecorder !== 'undefined' && MIME_TYPES.some((t) => MediaRecorder.isTypeSupported(t));
  }

  /** Starts (or, after a camera/microphone change, restarts) recording <media>. */
  start(media) {
    if (this.stopped || this.failed) return;
    if (!ReplayRecorder.isSupported()) {
      this.fail('This browser cannot record the replay (use Chrome, Edge or Firefox).');
      return;
    }
    const previous = this.recorder;
    if (previous && previous.state !== 'inactive') this.stopRecorder(previous);
    const mimeType = MIME_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
    const recorder = new MediaRecorder(media, { mimeType, videoBitsPerSecond: VIDEO_BITS_PER_SECOND });
    recorder.ondataavailable = (event) => {
      if (event.data && event.data.size > 0) this.enqueue(event.data);
    };
    recorder.onerror = (event) => this.fail(`The recording stopped: ${event.error?.message ?? 'recorder error'}.`);
    this.recorder = recorder;
    this.segmentStart = performance.now();
    recorder.start(TIMESLICE_MS);
    this.report();
  }

  /** Stops recording and waits (up to timeoutMs) until every chunk is uploaded. */
  async finish(timeoutMs = 30000) {
    this.stopped = true;
    if (this.recorder && this.recorder.state !== 'inactive') {
      const recorder = this.recorder;
      await new Promise((resolve) => {
        recorder.addEventListener('stop', resolve, { once: true });
        this.stopRecorder(recorder);
      });
    }
    const deadline = performance.now() + timeoutMs;
    while ((this.queue.length > 0 || this.uploading) && !this.failed && performance.now() < deadline) await sleep(100);
    this.report();
    return this.queue.length === 0;
  }

  /** Seconds of camera recorded so far (for the page and the browser tests). */
  get recordedSeconds() {
    const running = this.recorder && this.recorder.state !== 'inactive' ? performance.now() - this.segmentStart : 0;
    return (this.recordedMs + running) / 1000;
  }

  get pending() {
    return this.queue.length;
  }

  stopRecorder(recorder) {
    this.recordedMs += performance.now() - this.segmentStart;
    recorder.stop();
  }

  enqueue(blob) {
    this.queue.push({ index: this.nextIndex++, blob });
    this.report();
    if (!this.uploading) this.uploading = this.drain().finally(() => { this.uploading = null; });
  }

  async drain() {
    let delay = 1000;
    while (this.queue.length > 0 && !this.failed) {
      const { index, blob } = this.queue[0];
      let response;
      try {
        response = await fetch(`${this.chunksUrl}/${index}`, {
          method: 'POST',
          headers: { 'Content-Type': 'video/webm', Accept: 'application/json' },
          body: blob,
          credentials: 'same-origin',
        });
      } catch {
        response = null;
      }
      if (response && (response.status === 201 || response.status === 200)) {
        this.queue.shift();
        this.uploaded++;
        delay = 1000;
        this.report();
        continue;
      }
      if (response && response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
        let problem = {};
        try { problem = await response.json(); } catch { /* not a problem body */ }
        this.fail(`The recording upload was refused: ${problem.detail ?? `the server answered ${response.status}`}`);
        return;
      }
      // Network error, timeout or server error: keep the chunk and try again.
      this.onState(`Upload interrupted; retrying (${this.queue.length} chunk${this.queue.length === 1 ? '' : 's'} waiting)…`, 'warning');
      await sleep(delay);
      delay = Math.min(delay * 2, 10000);
    }
  }

  fail(message) {
    this.failed = message;
    if (this.recorder && this.recorder.state !== 'inactive') this.stopRecorder(this.recorder);
    this.onState(message, 'danger');
  }

  report() {
    if (this.failed) return;
    const waiting = this.queue.length ? `, ${this.queue.length} waiting` : '';
    if (this.stopped) this.onState(this.queue.length ? `Finishing the upload${waiting}…` : `Recording saved (${this.uploaded} chunk${this.uploaded === 1 ? '' : 's'} uploaded)`, 'secondary');
    else this.onState(`Recording for the replay — ${this.uploaded} chunk${this.uploaded === 1 ? '' : 's'} uploaded${waiting}`, 'success');
  }
}
