// A small WHIP client (Cloudflare Stream mode): POST the SDP offer (application/sdp) to the
// class's WHIP URL → 201 + SDP answer + Location; DELETE the Location to stop publishing.
// The WHIP URL is a secret of the owning instructor: only their broadcast page has it.
import { iceGatheringComplete } from './live-common.js';

export class WhipPublisher {
  /**
   * @param {string} url the WHIP endpoint
   * @param {{ onState?: (state: string) => void }} options
   */
  constructor(url, { onState = () => {} } = {}) {
    this.url = url;
    this.onState = onState;
    this.pc = null;
    this.location = null;
  }

  get state() {
    return this.pc?.connectionState ?? 'closed';
  }

  /** Publishes every track of the media stream; throws an Error with a readable message on failure. */
  async start(media) {
    await this.stop();
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    this.pc = pc;
    pc.onconnectionstatechange = () => this.onState(pc.connectionState);
    for (const track of media.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [media] });
    await pc.setLocalDescription(await pc.createOffer());
    await iceGatheringComplete(pc, 3000);

    let response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/sdp', Accept: 'application/sdp' },
        body: pc.localDescription.sdp,
        credentials: 'omit',
      });
    } catch {
      await this.stop();
      throw new Error('The streaming service could not be reached.');
    }
    if (response.status !== 201 && response.status !== 200) {
      await this.stop();
      throw new Error(`The streaming service refused the broadcast (HTTP ${response.status}).`);
    }
    const location = response.headers.get('Location');
    this.location = location ? new URL(location, this.url).href : null;
    await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
    this.onState(pc.connectionState);
  }

  /** Swaps the tracks being sent (camera or microphone changed) without renegotiating. */
  async replaceTracks(media) {
    if (!this.pc) return;
    for (const sender of this.pc.getSenders()) {
      const track = media.getTracks().find((t) => t.kind === sender.track?.kind);
      if (track) await sender.replaceTrack(track);
    }
  }

  /** Stops publishing: DELETE on the session's Location, then closes the peer connection. */
  async stop() {
    const location = this.location;
    this.location = null;
    if (location) await fetch(location, { method: 'DELETE', credentials: 'omit', keepalive: true }).catch(() => {});
    if (this.pc) {
      this.pc.onconnectionstatechange = null;
      this.pc.close();
    }
    this.pc = null;
  }
}
