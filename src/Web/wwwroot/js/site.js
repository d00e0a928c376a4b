// Times are rendered in UTC on the server; show them in the visitor's own time zone.
const format = new Intl.DateTimeFormat(undefined, {
  weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit',
});
for (const el of document.querySelectorAll('time[data-local-time]')) {
  const date = new Date(el.getAttribute('datetime'));
  if (!Number.isNaN(date.getTime())) {
    el.textContent = format.format(date);
    el.title = date.toISOString();
  }
}

// The instructor's time zone: kept in a cookie (so the server shows and reads class times in it)
// and put into forms that carry a time.
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (zone) {
  document.cookie = `tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
  for (const input of document.querySelectorAll('input[data-time-zone]')) {
    if (!input.value) input.value = zone;
  }
  for (const label of document.querySelectorAll('[data-time-zone-name]')) {
    const form = label.closest('form');
    const field = form?.querySelector('input[data-time-zone]');
    label.textContent = field?.value || zone;
  }
}
