// The clip editor: "Mark in" / "Mark out" take the player's current time, presets fill both
// fields, and the length and the rule messages update as the user types. The server checks
// the same rules again when the form is posted.

const editor = document.getElementById('clip-editor');
if (editor) {
  const player = document.getElementById('clip-player');
  const start = document.getElementById('startSeconds');
  const end = document.getElementById('endSeconds');
  const length = document.getElementById('clip-length');
  const problems = document.getElementById('clip-problems');
  const submit = document.getElementById('generate-clip');
  const duration = () => (Number.isFinite(player.duration) && player.duration > 0 ? player.duration : Number(editor.dataset.duration));
  const maxLength = Number(editor.dataset.max);

  const round = (value) => Math.round(value * 1000) / 1000;
  const show = (value) => `${round(value)} s`;

  function check() {
    const s = Number(start.value);
    const e = Number(end.value);
    const messages = [];
    if (start.value === '' || end.value === '' || !Number.isFinite(s) || !Number.isFinite(e)) {
      messages.push('Enter the start and the end in seconds.');
    } else {
      if (s < 0) messages.push('The start cannot be before the beginning of the recording (0 s).');
      if (e <= s) messages.push('The end must be after the start.');
      if (e > duration() + 0.0005) messages.push(`The end cannot be after the end of the recording (${round(duration())} s).`);
      if (e > s && e - s < 1) messages.push('A clip is at least 1 second long.');
      if (e - s > maxLength + 0.0005) messages.push(`A clip is at most ${round(maxLength)} seconds long.`);
    }
    length.textContent = Number.isFinite(e - s) ? show(Math.max(0, e - s)) : '—';
    problems.replaceChildren(...messages.map((text) => {
      const item = document.createElement('li');
      item.textContent = text;
      return item;
    }));
    submit.disabled = messages.length > 0;
    return messages.length === 0;
  }

  function set(s, e) {
    start.value = round(Math.max(0, s));
    end.value = round(Math.min(duration(), e));
    check();
  }

  document.getElementById('mark-in').addEventListener('click', () => {
    start.value = round(player.currentTime);
    check();
  });
  document.getElementById('mark-out').addEventListener('click', () => {
    end.value = round(player.currentTime);
    check();
  });
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
  start.addEventListener('input', check);
  end.addEventListener('input', check);
  // Jump to the start when it is edited, so the user sees where the clip begins.
  start.addEventListener('change', () => {
    if (Number.isFinite(Number(start.value))) player.currentTime = Number(start.value);
  });
  document.getElementById('clip-form').addEventListener('submit', (event) => {
    if (!check()) event.preventDefault();
  });
  player.addEventListener('loadedmetadata', check);
  check();
}
