// Shared helpers of the broadcast and watch pages.

/** The page's antiforgery token (rendered by @Html.AntiForgeryToken()). */
export function antiforgeryToken() {
  return document.querySelector('input[name="__RequestVerificationToken"]')?.value ?? '';
}

/** POSTs to one of the app's JSON endpoints; throws an Error with the problem's detail on failure. */
export async function postJson(url, { body, contentType, keepalive = false } = {}) {
  const headers = { Accept: 'application/json', RequestVerificationToken: antiforgeryToken() };
  if (contentType) headers['Content-Type'] = contentType;
  const response = await fetch(url, { method: 'POST', headers, body, credentials: 'same-origin', keepalive });
  if (!response.ok) {
    let detail = '';
    try {
      detail = (await response.json()).detail ?? '';
    } catch {
      // not a problem body
    }
    const error = new Error(detail || `The server answered ${response.status}.`);
    error.status = response.status;
    throw error;
  }
  return response.status === 204 ? null : response.json();
}

/**
 * Resolves once the live video of the watch page has started (connected, or given up for now), and
 * at most maxMs after the call; at once on any other page. The page's other connections (live
 * status, chat, the viewing session) wait for it: opened together with the video they compete with
 * it for the server and the browser in the viewer's first second.
 */
export function whenVideoStarted(maxMs = 2000) {
  const watch = document.getElementById('watch');
  if (watch?.dataset.status !== 'Live' || watch.dataset.video === 'started') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, maxMs);
    document.addEventListener('watch:video-started', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** Tells whenVideoStarted's waiters that the video has started (or given up for now). */
export function videoStarted() {
  const watch = document.getElementById('watch');
  if (!watch || watch.dataset.video === 'started') return;
  watch.dataset.video = 'started';
  document.dispatchEvent(new Event('watch:video-started'));
}

/**
 * A SignalR connection to the live hub that reconnects by itself. WebSockets straight away (no
 * negotiate request): behind a load balancer it needs no sticky session, and a reconnect may land on
 * any instance.
 */
export function createHub(url) {
  const { HubConnectionBuilder, HttpTransportType, LogLevel } = window.signalR;
  return new HubConnectionBuilder()
    .withUrl(url, { skipNegotiation: true, transport: HttpTransportType.WebSockets })
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
    .configureLogging(LogLevel.Error)
    .build();
}

/**
 * The wait the functions below share: resolves when gathering completes, after timeoutMs, or once
 * onCandidate (given each icecandidate event, or start, given nothing) calls done(), or settle(ms)
 * and ms pass without another settle.
 */
function gatheringWait(pc, timeoutMs, onCandidate, start = () => {}) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    let settleTimer = 0;
    const timer = setTimeout(done, timeoutMs);
    function settle(ms) {
      clearTimeout(settleTimer);
      settleTimer = setTimeout(done, ms);
    }
    function done() {
      clearTimeout(timer);
      clearTimeout(settleTimer);
      pc.removeEventListener('icecandidate', candidate);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    }
    function candidate(event) {
      onCandidate(event, done, settle);
    }
    function check() {
      if (pc.iceGatheringState === 'complete') done();
    }
    pc.addEventListener('icecandidate', candidate);
    pc.addEventListener('icegatheringstatechange', check);
    start(settle);
  });
}

/** Resolves when the peer connection has gathered its ICE candidates (no trickle ICE), or after timeoutMs. */
export function iceGatheringComplete(pc, timeoutMs = 3000) {
  return gatheringWait(pc, timeoutMs, () => {});
}

/**
 * Resolves once the peer connection's UDP candidates are in its local description: when a
 * candidate of another protocol comes, when gathering ends, or settleMs after the last UDP
 * candidate (Chromium finds every network's UDP host candidates together, a few ms after
 * setLocalDescription; its TCP candidates follow ~100 ms later). Enough for an answer to an offer
 * made without candidates: the offerer's checks reach our UDP candidates, while our TCP ones are
 * active-only (port 9) and would need the offerer's passive candidates, which we never learn.
 */
export function udpCandidatesGathered(pc, { settleMs = 20, timeoutMs = 3000 } = {}) {
  return gatheringWait(pc, timeoutMs, (event, done, settle) => {
    if (!event.candidate || event.candidate.protocol !== 'udp') done();
    else settle(settleMs);
  }, (settle) => {
    // Some may have come before we listened.
    if (/^a=candidate:\S+ \d+ udp /im.test(pc.localDescription?.sdp ?? '')) settle(settleMs);
  });
}

/**
 * With STUN/TURN servers: resolves once the connection's candidates from them are in its local
 * description, since the viewer may reach us only through those (we cannot send candidates after
 * the answer): when gathering ends, settleMs after the first candidate of every wanted type
 * (srflx for STUN, relay for TURN), or after timeoutMs (a server that does not answer, or a STUN
 * address equal to a host one, which the browser leaves out).
 */
export function serverCandidatesGathered(pc, types, { settleMs = 20, timeoutMs = 1500 } = {}) {
  const sdp = pc.localDescription?.sdp ?? '';
  const missing = new Set(types.filter((t) => !new RegExp(`^a=candidate:.* typ ${t}( |$)`, 'm').test(sdp)));
  if (missing.size === 0) return Promise.resolve();
  let settling = false;
  return gatheringWait(pc, timeoutMs, (event, done, settle) => {
    if (!event.candidate) return done();
    missing.delete(event.candidate.type);
    if (missing.size === 0 && !settling) {
      settling = true;
      settle(settleMs);
    }
    return undefined;
  });
}

/** Replaces the badge in element (the pages' #live-status) with one like _StatusBadge.cshtml's. */
export function setStatusBadge(element, text, css) {
  if (!element) return;
  const badge = document.createElement('span');
  badge.className = `badge ${css}`;
  badge.textContent = text;
  element.replaceChildren(badge);
}

/** How long before their expiry a page's TURN credentials are renewed (seconds). */
const ICE_RENEW_MARGIN_S = 600;

/**
 * A page's STUN/TURN servers (data-ice-servers). Their TURN credentials are valid for
 * Streaming:Local:TurnCredentialLifetime from the page's load (data-ice-servers-expire, unix
 * seconds): fresh() asks data-ice-servers-url for new ones when they expire within ten minutes, so
 * a page opened hours before its class, or open through a long one, still connects through TURN.
 * Without such credentials (no servers, STUN only, fixed TURN passwords) fresh() asks nothing.
 */
export class PageIceServers {
  #servers;
  #expires;
  #url;

  constructor(element) {
    this.#servers = element.dataset.iceServers ? JSON.parse(element.dataset.iceServers) : [];
    this.#expires = Number(element.dataset.iceServersExpire) || 0;
    this.#url = element.dataset.iceServersUrl;
  }

  /** The servers, with their credentials renewed first if they expire soon. */
  async fresh() {
    if (!this.#expires || !this.#url || Date.now() / 1000 < this.#expires - ICE_RENEW_MARGIN_S) return this.#servers;
    try {
      const response = await fetch(this.#url, { credentials: 'same-origin', cache: 'no-store' });
      if (response.ok) {
        const issued = await response.json();
        this.#servers = issued.iceServers ?? this.#servers;
        this.#expires = issued.expires ?? 0;
      }
    } catch {
      // Offline for a moment: the old entries still hold their STUN servers; the next connection asks again.
    }
    return this.#servers;
  }
}

/** The candidate types STUN/TURN servers give: srflx for a stun: URL, relay for a turn: one. */
export function serverCandidateTypes(iceServers) {
  const urls = iceServers.flatMap((s) => (Array.isArray(s.urls) ? s.urls : [s.urls]));
  const types = [];
  if (urls.some((u) => /^stuns?:/i.test(u))) types.push('srflx');
  if (urls.some((u) => /^turns?:/i.test(u))) types.push('relay');
  return types;
}

/** 3723000 → "1:02:03". */
export function formatElapsed(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** A countdown text: "2 d 3 h", "1 h 05 min", "04:09". */
export function formatCountdown(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
