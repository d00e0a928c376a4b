// A small WHEP player: POST an SDP offer (application/sdp) → 201 + answer + Location;
// DELETE the Location to hang up. Reconnects by itself after a drop.
//
// The offer goes out at once, without waiting for our ICE candidates: the answering side (the
// instructor's page in local mode, Cloudflare's edge) gathers before it answers, so its answer
// carries its candidates; our connectivity checks reach them and tell it our address (a
// peer-reflexive candidate). Waiting for our own gathering cost 100-150 ms before the first frame.
//
// With STUN/TURN servers (the local provider's Streaming:Local:IceServers) the instructor may not
// reach us directly, so our candidates follow the answer: trickle ICE, a PATCH of the session with
// application/trickle-ice-sdpfrag (RFC 8840) as they are found, then a=end-of-candidates.
export class WhepPlayer {
  #timer = 0;
  #failures = 0;
  #stopped = true;

  /**
   * @param {HTMLVideoElement} video
   * @param {string} url the WHEP endpoint
   * @param {{ onState?: (text: string, kind: string) => void, iceServers?: () => Promise<RTCIceServer[]> }} options
   *   iceServers: asked before each connection (its TURN credentials may have been renewed meanwhile)
   */
  constructor(video, url, { onState = () => {}, iceServers = async () => [] } = {}) {
    this.video = video;
    this.url = url;
    this.onState = onState;
    this.iceServers = iceServers;
    this.pc = null;
    this.location = null;
    this.startedAt = 0;
    this.firstFrameMs = null;
  }

  start() {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.startedAt = performance.now();
    this.#connect();
  }

  stop() {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#hangup();
    this.#closePeer();
  }

  /** inbound-rtp video statistics: { framesDecoded, bytesReceived } (zeros before the first frame). */
  async stats() {
    const result = { framesDecoded: 0, bytesReceived: 0, firstFrameMs: this.firstFrameMs };
    if (!this.pc) return result;
    const report = await this.pc.getStats();
    report.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        result.framesDecoded += s.framesDecoded ?? 0;
        result.bytesReceived += s.bytesReceived ?? 0;
      }
    });
    return result;
  }

  async #connect() {
    if (this.#stopped) return;
    this.#hangup();
    this.#closePeer();
    const iceServers = await this.iceServers();
    if (this.#stopped || this.pc) return; // stopped, or another attempt began meanwhile
    const trickle = iceServers.length > 0;
    const pc = new RTCPeerConnection(trickle ? { iceServers } : undefined);
    this.pc = pc;
    const candidates = trickle ? this.#trickle(pc) : null;
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    const stream = new MediaStream();
    pc.ontrack = (event) => {
      stream.addTrack(event.track);
      if (this.video.srcObject !== stream) this.video.srcObject = stream;
      this.video.play().catch(() => {});
    };
    pc.onconnectionstatechange = () => this.#onConnectionState(pc);
    this.video.requestVideoFrameCallback?.(() => {
      if (this.firstFrameMs === null) this.firstFrameMs = Math.round(performance.now() - this.startedAt);
      performance.mark('whep:first-frame');
    });
    performance.mark('whep:start');

    try {
      await pc.setLocalDescription(await pc.createOffer());
      performance.mark('whep:offer');
    } catch (error) {
      this.onState(`This browser cannot play the class: ${error.message}`, 'error');
      return;
    }
    if (pc !== this.pc || this.#stopped) return;

    let response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/sdp', Accept: 'application/sdp, application/problem+json' },
        body: pc.localDescription.sdp,
        credentials: 'same-origin',
      });
    } catch {
      this.#retry('Connection lost. Reconnecting…', 2);
      return;
    }
    if (pc !== this.pc || this.#stopped) return;

    if (response.status === 201) {
      // Relative to the WHEP endpoint (which is on Cloudflare in Cloudflare mode), not to this page.
      // Without a (readable) Location there is no session to DELETE later: hang up by closing only.
      const session = response.headers.get('Location');
      this.location = session ? new URL(session, new URL(this.url, location.href)).href : null;
      try {
        performance.mark('whep:answer');
        await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
        this.onState('Connecting…', 'connecting');
        candidates?.send(this.location);
      } catch (error) {
        this.#retry(`The answer could not be used (${error.message}). Reconnecting…`, 2);
      }
      return;
    }

    let problem = {};
    try {
      problem = await response.json();
    } catch {
      // not a problem body
    }
    const detail = problem.detail || `The server answered ${response.status}.`;
    if (response.status === 503 || response.status === 429 || response.status >= 500) {
      const retryAfter = Number(response.headers.get('Retry-After')) || 3;
      this.#retry(detail, retryAfter, problem.reason === 'full' ? 'full' : 'waiting');
    } else {
      // 401/403/404/409: retrying will not help; the page decides what comes next.
      this.onState(detail, 'error');
      this.#closePeer();
    }
  }

  #onConnectionState(pc) {
    if (pc !== this.pc || this.#stopped) return;
    switch (pc.connectionState) {
      case 'connected':
        performance.mark('whep:connected');
        this.#failures = 0;
        this.onState('Live', 'playing');
        break;
      case 'disconnected':
        this.onState('Connection interrupted…', 'connecting');
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => {
          if (pc === this.pc && pc.connectionState !== 'connected') this.#retry('Reconnecting…', 0);
        }, 3000);
        break;
      case 'failed':
        this.#retry('Connection lost. Reconnecting…', 1);
        break;
      default:
        break;
    }
  }

  /**
   * Collects the connection's candidates from the start; once send(location) is called (the
   * session exists), PATCHes what was found so far and then each new batch (10 ms apart).
   */
  #trickle(pc) {
    const found = [];
    let session = null;
    let ended = false;
    let timer = 0;
    const flush = () => {
      timer = 0;
      if (!session || pc !== this.pc || (found.length === 0 && !ended)) return;
      const { sdp } = pc.localDescription;
      const ufrag = /^a=ice-ufrag:(.+)$/m.exec(sdp)?.[1];
      const pwd = /^a=ice-pwd:(.+)$/m.exec(sdp)?.[1];
      const lines = [`a=ice-ufrag:${ufrag}`, `a=ice-pwd:${pwd}`];
      let mid;
      for (const c of found.splice(0)) {
        if (c.sdpMid !== mid) lines.push(`a=mid:${(mid = c.sdpMid)}`);
        lines.push(`a=${c.candidate}`);
      }
      if (ended) lines.push('a=end-of-candidates');
      ended = false;
      fetch(session, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/trickle-ice-sdpfrag' },
        body: `${lines.join('\r\n')}\r\n`,
        credentials: 'same-origin',
      }).catch(() => {});
    };
    const schedule = () => { if (!timer) timer = setTimeout(flush, 10); };
    pc.addEventListener('icecandidate', (event) => {
      if (event.candidate?.candidate) found.push(event.candidate);
      else if (!event.candidate) ended = true;
      if (session) schedule();
    });
    return {
      send(location) {
        if (!location) return;
        session = location;
        schedule();
      },
    };
  }

  #retry(message, seconds, kind = 'waiting') {
    if (this.#stopped) return;
    this.#failures += 1;
    const delay = Math.min(30, seconds + Math.min(this.#failures, 5)) * 1000;
    this.onState(message, kind);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#connect(), delay);
  }

  #hangup() {
    if (!this.location) return;
    fetch(this.location, { method: 'DELETE', credentials: 'same-origin', keepalive: true }).catch(() => {});
    this.location = null;
  }

  #closePeer() {
    if (this.pc) {
      this.pc.ontrack = null;
      this.pc.onconnectionstatechange = null;
      this.pc.close();
    }
    this.pc = null;
  }
}
