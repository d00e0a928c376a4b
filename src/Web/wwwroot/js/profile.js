// The profile page: name the zone "Follow my browser" stands for.
const follow = document.getElementById('follow-browser');
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (follow && zone) follow.textContent = `Follow my browser (now ${zone})`;
