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
