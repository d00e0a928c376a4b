// The broadcast page's sign of life: while the class is live and the page really sends video, it
// tells the app every 15 s. A class whose broadcaster stays silent too long is ended by the app
// (and, if it was broadcast too briefly, its members are refunded); the broadcast time is measured
// from these reports. When the app answers that the class is no longer live, onEnded says why.
import { postJson } from './live-common.js';

const EVERY_MS = 15000;

/**
 * @param {string} url the heartbeat endpoint
 * @param {() => boolean} isSending whether the page is live and sending video right now
 * @param {(reason: string) => void} onEnded called once when the app says the class is over
 */
export function reportPresence(url, isSending, onEnded) {
  let stopped = false;
  const timer = setInterval(async () => {
    if (stopped || !isSending()) return;
    try {
      await postJson(url);
    } catch (error) {
      if (error.status === 409 && !stopped) {
        stopped = true;
        clearInterval(timer);
        onEnded(error.message);
      }
      // Anything else (a dropped connection): the next report tries again.
    }
  }, EVERY_MS);
  return () => { stopped = true; clearInterval(timer); };
}
