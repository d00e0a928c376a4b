// The chat panel of a class (watch page, broadcast page, moderation page) over SignalR
// (/hubs/chat): the last 50 messages on join, older ones as the reader scrolls up, new ones as
// they come. Everything people typed is put into the page with textContent, never as HTML.
// The server enforces every rule; the panel only reflects them (and shows its refusals).
import { whenVideoStarted } from '../live/live-common.js';

const root = document.getElementById('chat');
// On a watch page the chat joins once the live video has started (see whenVideoStarted).
if (root) whenVideoStarted().then(() => start(root));

function start(root) {
  const streamId = root.dataset.streamId;
  const scroller = document.getElementById('chat-scroll');
  const list = document.getElementById('chat-messages');
  const empty = document.getElementById('chat-empty');
  const olderButton = document.getElementById('chat-older');
  const form = document.getElementById('chat-form');
  const input = document.getElementById('chat-input');
  const sendButton = document.getElementById('chat-send');
  const stateText = document.getElementById('chat-state');
  const errorText = document.getElementById('chat-error');
  const counter = document.getElementById('chat-count');
  const moderation = document.getElementById('chat-moderation');
  const slowModeSelect = document.getElementById('chat-slow-mode');
  const reportsToggle = document.getElementById('chat-reports-toggle');
  const reportsPanel = document.getElementById('chat-reports');
  const reportList = document.getElementById('chat-report-list');
  const reportsEmpty = document.getElementById('chat-reports-empty');
  const reportCount = document.getElementById('chat-report-count');
  const maxLength = Number(input.maxLength) || 500;

  let room = null;
  let hasMore = false;
  let loadingOlder = false;
  let sending = false;
  const reports = new Map();

  const { HubConnectionBuilder, HttpTransportType, LogLevel } = window.signalR;
  // WebSockets straight away (no negotiate request): behind a load balancer the connection needs no
  // sticky session, whichever instance it lands on.
  const hub = new HubConnectionBuilder()
    .withUrl(root.dataset.hubUrl, { skipNegotiation: true, transport: HttpTransportType.WebSockets })
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
    .configureLogging(LogLevel.Error)
    .build();
  window.streamingChat = hub; // for diagnostics (and the browser tests)

  /** The person-readable part of a hub error ("…HubException: You are sending messages too fast…"). */
  function reason(error, fallback) {
    const text = String(error?.message ?? '');
    const at = text.indexOf('HubException: ');
    return at >= 0 ? text.slice(at + 'HubException: '.length) : fallback;
  }

  function timeOf(iso) {
    return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function button(label, className, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `btn btn-link ${className}`;
    b.textContent = label;
    b.addEventListener('click', onClick);
    return b;
  }

  function messageItem(m) {
    const li = document.createElement('li');
    li.className = 'chat-message';
    li.dataset.id = m.id;
    li.dataset.number = m.number;
    li.dataset.author = m.authorId;

    const head = document.createElement('div');
    head.className = 'd-flex align-items-baseline gap-2';
    const author = document.createElement('strong');
    author.className = 'chat-author small';
    author.textContent = m.authorName;
    head.append(author);
    if (m.byInstructor) {
      const badge = document.createElement('span');
      badge.className = 'badge text-bg-primary';
      badge.textContent = 'Instructor';
      head.append(badge);
    }
    const time = document.createElement('time');
    time.className = 'small text-muted ms-auto';
    time.dateTime = m.sentAt;
    time.textContent = timeOf(m.sentAt);
    head.append(time);

    const text = document.createElement('div');
    text.className = 'chat-text';
    text.textContent = m.text;

    const actions = document.createElement('div');
    actions.className = 'chat-actions';
    const mine = m.authorId === room.userId;
    if (room.canModerate) {
      actions.append(button('Delete', 'text-danger chat-delete', () => remove(m.id)));
      if (!m.byInstructor && !mine) actions.append(button('Mute', 'text-secondary chat-mute', () => mute(m.authorId, m.authorName)));
    } else if (room.canWrite && !mine) {
      actions.append(button('Report', 'text-secondary chat-report', (e) => report(m.id, e.currentTarget)));
    }
    li.append(head, text);
    if (actions.childElementCount > 0) li.append(actions);
    return li;
  }

  function note(text) {
    const li = document.createElement('li');
    li.className = 'chat-note';
    li.textContent = text;
    appendItem(li);
  }

  function nearBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 60;
  }

  function appendItem(li) {
    const stick = nearBottom();
    list.append(li);
    empty.hidden = true;
    if (stick) scroller.scrollTop = scroller.scrollHeight;
  }

  function renderState() {
    const open = room.state === 'Open';
    const canType = open && room.canWrite && !room.isMuted;
    input.disabled = !canType;
    sendButton.disabled = !canType || sending;
    form.hidden = !room.canWrite || room.state === 'ReadOnly';
    let text;
    if (room.state === 'NotOpenYet') text = 'Opens when the class goes live';
    else if (room.state === 'ReadOnly') text = 'The class has ended: read-only';
    else if (room.isMuted) text = 'You are muted for the rest of this class';
    else text = 'Live';
    if (open && room.slowModeSeconds > 0) text += ` · slow mode ${room.slowModeSeconds} s`;
    stateText.textContent = text;
    input.placeholder = room.state === 'NotOpenYet' ? 'The chat opens when the class goes live.'
      : room.isMuted ? 'You are muted.'
        : 'Say something…';
    moderation.hidden = !room.canModerate;
    slowModeSelect.value = String(room.slowModeSeconds);
    if (slowModeSelect.value !== String(room.slowModeSeconds)) {
      const option = new Option(`${room.slowModeSeconds} s`, String(room.slowModeSeconds), true, true);
      slowModeSelect.append(option);
    }
    slowModeSelect.disabled = !open;
    olderButton.hidden = !hasMore;
    empty.hidden = list.childElementCount > 0;
  }

  async function join() {
    errorText.textContent = '';
    try {
      room = await hub.invoke('Join', streamId);
    } catch (error) {
      stateText.textContent = reason(error, 'The chat is not available.');
      return;
    }
    list.replaceChildren(...room.messages.map(messageItem));
    hasMore = room.hasMore;
    renderState();
    scroller.scrollTop = scroller.scrollHeight;
    if (room.canModerate) await loadReports();
  }

  async function loadOlder() {
    if (!hasMore || loadingOlder) return;
    const first = list.querySelector('.chat-message');
    if (!first) return;
    loadingOlder = true;
    try {
      const page = await hub.invoke('Older', streamId, Number(first.dataset.number));
      const before = scroller.scrollHeight;
      list.prepend(...page.messages.filter((m) => !list.querySelector(`[data-id="${m.id}"]`)).map(messageItem));
      scroller.scrollTop += scroller.scrollHeight - before; // keep what the reader was looking at in place
      hasMore = page.hasMore;
      olderButton.hidden = !hasMore;
    } catch (error) {
      errorText.textContent = reason(error, 'Earlier messages could not be loaded.');
    } finally {
      loadingOlder = false;
    }
  }

  async function send(event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      errorText.textContent = 'Type a message first.';
      return;
    }
    sending = true;
    sendButton.disabled = true;
    try {
      await hub.invoke('Send', streamId, text);
      input.value = '';
      errorText.textContent = '';
      updateCounter();
    } catch (error) {
      errorText.textContent = reason(error, 'The message could not be sent. Try again.');
    } finally {
      sending = false;
      renderState();
      if (!input.disabled) input.focus();
    }
  }

  async function remove(messageId) {
    try {
      await hub.invoke('Delete', streamId, messageId);
    } catch (error) {
      errorText.textContent = reason(error, 'The message could not be deleted.');
    }
  }

  async function mute(memberId, name) {
    if (!window.confirm(`Mute ${name} for the rest of this class?`)) return;
    try {
      await hub.invoke('Mute', streamId, memberId);
    } catch (error) {
      errorText.textContent = reason(error, 'The member could not be muted.');
    }
  }

  async function report(messageId, reportButton) {
    try {
      await hub.invoke('Report', streamId, messageId);
      reportButton.textContent = 'Reported';
      reportButton.disabled = true;
    } catch (error) {
      errorText.textContent = reason(error, 'The message could not be reported.');
    }
  }

  async function loadReports() {
    try {
      for (const r of await hub.invoke('Reports', streamId)) reports.set(r.messageId, r);
      renderReports();
    } catch {
      // the chat works without the list
    }
  }

  function renderReports() {
    const items = [...reports.values()].sort((a, b) => b.lastReportedAt.localeCompare(a.lastReportedAt));
    reportCount.textContent = String(items.filter((r) => !r.isDeleted).length);
    reportsEmpty.hidden = items.length > 0;
    reportList.replaceChildren(...items.map((r) => {
      const li = document.createElement('li');
      li.className = 'py-1 chat-report-item';
      li.dataset.messageId = r.messageId;
      const quote = document.createElement('div');
      quote.className = 'chat-text';
      quote.textContent = `${r.authorName}: ${r.text}`;
      const meta = document.createElement('div');
      meta.className = 'text-muted';
      meta.textContent = `Reported ${r.reports}× by ${r.reportedBy.join(', ')}${r.isDeleted ? ' · deleted' : ''}`;
      li.append(quote, meta);
      if (!r.isDeleted) li.append(button('Delete', 'text-danger', () => remove(r.messageId)));
      return li;
    }));
  }

  function updateCounter() {
    const length = input.value.length;
    counter.textContent = length > maxLength * 0.8 ? `${length}/${maxLength}` : '';
  }

  hub.on('message', (m) => {
    if (room && !list.querySelector(`[data-id="${m.id}"]`)) appendItem(messageItem(m));
  });
  hub.on('deleted', (messageId) => {
    list.querySelector(`[data-id="${messageId}"]`)?.remove();
    const r = reports.get(messageId);
    if (r) {
      reports.set(messageId, { ...r, isDeleted: true });
      renderReports();
    }
    if (room) renderState();
  });
  hub.on('muted', (m) => {
    if (!room) return;
    if (m.memberId === room.userId) {
      room.isMuted = true;
      renderState();
      note('A moderator has muted you for the rest of this class.');
    } else if (room.canModerate) {
      note(`${m.displayName} is muted for the rest of this class.`);
    }
  });
  hub.on('slowMode', (seconds) => {
    if (!room) return;
    room.slowModeSeconds = seconds;
    renderState();
    note(seconds > 0 ? `Slow mode is on: one message every ${seconds} s.` : 'Slow mode is off.');
  });
  hub.on('state', (state) => {
    if (!room) return;
    room.state = state;
    renderState();
  });
  hub.on('reported', (r) => {
    reports.set(r.messageId, r);
    renderReports();
  });
  hub.onreconnecting(() => { stateText.textContent = 'Reconnecting…'; });
  hub.onreconnected(() => join()); // messages sent meanwhile come back with the history

  form.addEventListener('submit', send);
  input.addEventListener('input', () => {
    updateCounter();
    if (errorText.textContent) errorText.textContent = '';
  });
  olderButton.addEventListener('click', loadOlder);
  scroller.addEventListener('scroll', () => {
    if (scroller.scrollTop < 40) loadOlder();
  });
  slowModeSelect.addEventListener('change', async () => {
    try {
      await hub.invoke('SlowMode', streamId, Number(slowModeSelect.value));
    } catch (error) {
      errorText.textContent = reason(error, 'Slow mode could not be changed.');
      slowModeSelect.value = String(room.slowModeSeconds);
    }
  });
  reportsToggle.addEventListener('click', () => {
    reportsPanel.hidden = !reportsPanel.hidden;
    reportsToggle.setAttribute('aria-expanded', String(!reportsPanel.hidden));
  });

  hub.start().then(join).catch(() => {
    stateText.textContent = 'The chat could not connect. Reload the page to try again.';
  });
}
