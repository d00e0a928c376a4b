// Every video of the page with a data-playback-url keeps playing for as long as access lasts.
import { keepPlaying } from './lasting-playback.js';

for (const video of document.querySelectorAll('video[data-playback-url]')) keepPlaying(video);
