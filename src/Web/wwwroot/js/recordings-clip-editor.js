// The clip editor: "Set in" / "Set out" take the player's time; the in and out handles on the
// timeline move with the arrow keys (1 s, Shift: 0.1 s) or by dragging; presets fill both; the
// length, the timeline and the rule messages follow as the user types. Times are written like the
// server's ClipTime (1:05, 1:02.5, 1:01:05, 65), which checks them again when the form is posted.

const editor = document.getElementById('clip-editor');
if (editor) {
  const player = document.getElementById('clip-player');
  const start = document.getElementById('start');
  const end = document.getElementById('end');
  const name = document.getElementById('name');
  const length = document.getElementById('clip-length');
  const problems = document.getElementById('clip-problems');
  const submit = document.getElementById('generate-clip');
  const timeline = document.getElementById('clip-timeline');
  const range = document.getElementById('clip-timeline-range');
  const playhead = document.getElementById('clip-timeline-playhead');
  const text = document.getElementById('clip-timeline-text');
  const handles = { in: document.getElementById('clip-handle-in'), out: document.getElementById('clip-handle-out') };
  const duration = () => (Number.isFinite(player.duration) && player.duration > 0 ? player.duration : Number(editor.dataset.duration));
  const maxLength = Number(editor.dataset.max);
  const round = (value) => Math.round(value * 1000) / 1000;

  // Mirrors ClipTime.Format: 62.5 → "1:02.5", 3725 → "1:02:05".
  function format(seconds) {
    const ms = Math.round(Math.max(0, seconds) * 1000);
    const whole = Math.floor(ms / 1000);
    const fraction = ms % 1000 === 0 ? '' : `.${String(ms % 1000).padStart(3, '0').replace(/0+$/, '')}`;
    const h = Math.floor(whole / 3600);
    const m = Math.floor(whole / 60) % 60;
    const s = String(whole % 60).padStart(2, '0');
    return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}${fraction}` : `${m}:${s}${fraction}`;
  }

  // Mirrors ClipTime.TryParse; null when the text is not a time (the server says why on submit).
  function parse(value) {
    const match = /^(?:(\d{1,4}):)?(?:(\d{1,4}):)?(\d{1,9})(?:\.(\d{1,3}))?$/.exec(value.trim());
    if (!match) return null;
    const parts = value.trim().split(':');
    const seconds = Number(`${match[3]}${match[4] ? `.${match[4]}` : ''}`);
    if (parts.length > 1 && (match[3].length !== 2 || seconds >= 60)) return null;
    if (parts.length === 3 && Number(parts[1]) >= 60) return null;
    const minutes = parts.slice(0, -1).reduce((total, part) => total * 60 + Number(part), 0);
    return round(minutes * 60 + seconds);
  }

  const percent = (seconds) => Math.min(100, Math.max(0, (seconds / duration()) * 100));

  function draw(s, e) {
    const ok = s !== null && e !== null;
    range.setAttribute('x', ok ? String(percent(s) * 10) : '0');
    range.setAttribute('width', ok ? String(Math.max(0, percent(e) - percent(s)) * 10) : '0');
    for (const [key, value] of [['in', s], ['out', e]]) {
      const handle = handles[key];
      if (value === null) continue;
      handle.style.left = `${percent(value)}%`;
      handle.setAttribute('aria-valuemax', String(round(duration())));
      handle.setAttribute('aria-valuenow', String(value));
      handle.setAttribute('aria-valuetext', format(value));
    }
    text.textContent = ok ? `In ${format(s)} · Out ${format(e)}` : 'In and out not set';
  }

  function check() {
    const s = parse(start.value);
    const e = parse(end.value);
    const messages = [];
    if (s === null) messages.push(`The start "${start.value}" is not a time: write it as 1:05, 1:02.5 or seconds.`);
    if (e === null) messages.push(`The end "${end.value}" is not a time: write it as 1:05, 1:02.5 or seconds.`);
    if (s !== null && e !== null) {
      if (e <= s) messages.push('The end must be after the start.');
      if (e > duration() + 0.0005) messages.push(`The end cannot be after the end of the recording (${format(duration())}).`);
      if (e > s && e - s < 1) messages.push('A clip is at least 1 second long.');
      if (e - s > maxLength + 0.0005) messages.push(`A clip is at most ${format(maxLength)} long.`);
    }
    length.textContent = s !== null && e !== null && e > s ? format(e - s) : '—';
    const defaultName = `Clip ${s === null ? start.value : format(s)}–${e === null ? end.value : format(e)} of ${editor.dataset.title}`;
    name.placeholder = defaultName;
    document.getElementById('clip-default-name').textContent = defaultName;
    problems.replaceChildren(...messages.map((message) => {
      const item = document.createElement('li');
      item.textContent = message;
      return item;
    }));
    draw(s, e);
    submit.disabled = messages.length > 0;
    return messages.length === 0;
  }

  const clamp = (value) => round(Math.min(duration(), Math.max(0, value)));

  function set(s, e) {
    if (s !== null) start.value = format(clamp(s));
    if (e !== null) end.value = format(clamp(e));
    check();
  }

  function seek(seconds) {
    if (Number.isFinite(seconds)) player.currentTime = seconds;
  }

  document.getElementById('mark-in').addEventListener('click', () => set(player.currentTime, null));
  document.getElementById('mark-out').addEventListener('click', () => set(null, player.currentTime));
  for (const button of editor.querySelectorAll('[data-preset]')) {
    button.addEventListener('click', () => {
      const d = duration();
      const span = Math.min(60, d, maxLength);
      switch (button.dataset.preset) {
        case 'first': set(0, span); break;
        case 'last': set(d - span, d); break;
        default: {
          const half = Math.min(15, d / 2, maxLength / 2);
          const from = Math.min(Math.max(0, player.currentTime - half), Math.max(0, d - 2 * half));
          set(from, from + 2 * half);
        }
      }
    });
  }

  // Arrow keys nudge a point (1 s; Shift: 0.1 s); Home/End (handles only) go to the ends.
  function nudge(event, field, keys) {
    const step = event.shiftKey ? 0.1 : 1;
    const current = parse(field.value) ?? 0;
    const target = {
      [keys[0]]: current - step, [keys[1]]: current + step, Home: keys === horizontal ? 0 : undefined, End: keys === horizontal ? duration() : undefined,
    }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    field.value = format(clamp(target));
    check();
    seek(parse(field.value));
  }
  const horizontal = ['ArrowLeft', 'ArrowRight'];
  const vertical = ['ArrowDown', 'ArrowUp'];
  handles.in.addEventListener('keydown', (event) => nudge(event, start, horizontal));
  handles.out.addEventListener('keydown', (event) => nudge(event, end, horizontal));
  start.addEventListener('keydown', (event) => nudge(event, start, vertical));
  end.addEventListener('keydown', (event) => nudge(event, end, vertical));

  // Dragging a handle; a click on the bar moves the player there.
  const secondsAt = (clientX) => {
    const box = timeline.getBoundingClientRect();
    return clamp(((clientX - box.left) / box.width) * duration());
  };
  for (const [key, field] of [['in', start], ['out', end]]) {
    const handle = handles[key];
    handle.addEventListener('pointerdown', (event) => {
      handle.setPointerCapture(event.pointerId);
      handle.focus();
    });
    handle.addEventListener('pointermove', (event) => {
      if (!handle.hasPointerCapture(event.pointerId)) return;
      field.value = format(secondsAt(event.clientX));
      check();
    });
    handle.addEventListener('pointerup', () => seek(parse(field.value)));
  }
  timeline.querySelector('svg').addEventListener('click', (event) => seek(secondsAt(event.clientX)));
  player.addEventListener('timeupdate', () => {
    const x = String(percent(player.currentTime) * 10);
    playhead.setAttribute('x1', x);
    playhead.setAttribute('x2', x);
  });

  start.addEventListener('input', check);
  end.addEventListener('input', check);
  name.addEventListener('input', check);
  // Jump to the start when it is edited, so the user sees where the clip begins.
  start.addEventListener('change', () => seek(parse(start.value)));
  end.addEventListener('change', () => seek(parse(end.value)));
  document.getElementById('clip-form').addEventListener('submit', (event) => {
    if (!check()) event.preventDefault();
  });
  player.addEventListener('loadedmetadata', check);
  handles.in.hidden = false;
  handles.out.hidden = false;
  document.getElementById('clip-tools').hidden = false;
  document.getElementById('clip-timeline-help').hidden = false;
  check();
}
