#!/usr/bin/env node
// Parses an iCalendar file with a real RFC 5545 parser (ical.js) and prints what it understood.
//
//   node tests/tools/validate-ics.mjs path/to/file.ics
//
// stdout (exit 0): JSON
//   { "calendar": { prodid, version, method, calscale, name, wrCalName, refreshInterval, publishedTtl },
//     "events": [ { uid, summary, description, url, start, end, startIsUtc, endIsUtc, status,
//                   sequence, hasAlarm, alarms: [ { action, trigger, description } ] } ] }
//   start/end are ISO 8601 UTC ("2030-01-10T09:00:00Z").
//
// Exit codes: 1 = malformed (the parser's or the check's message on stderr), 2 = usage / unreadable
// file, 3 = ical.js is not installed (run scripts/setup.sh, which runs `npm ci`).
//
// ical.js does not check the physical framing, so this script also rejects (exit 1) bytes that are
// not valid UTF-8, a line that does not end with CRLF, and a line longer than 75 octets.
import { readFileSync } from "node:fs";

const MAX_OCTETS = 75;

function fail(code, message) {
  process.stderr.write(`validate-ics: ${message}\n`);
  process.exit(code);
}

const path = process.argv[2];
if (!path) {
  fail(2, "usage: node tests/tools/validate-ics.mjs <file.ics>");
}

let ICAL;
try {
  ICAL = (await import("ical.js")).default;
} catch (error) {
  fail(3, `cannot load ical.js (${error.message}). Run scripts/setup.sh (npm ci) at the repository root.`);
}

// ical.js 2.2 predates RFC 7986: teach it that NAME and the de-facto X-WR-CALNAME are TEXT
// (so their escapes are decoded) and that X-PUBLISHED-TTL / REFRESH-INTERVAL are durations.
Object.assign(ICAL.design.icalendar.property, {
  "name": { defaultType: "text" },
  "x-wr-calname": { defaultType: "text" },
  "refresh-interval": { defaultType: "duration" },
  "x-published-ttl": { defaultType: "duration" },
});

let bytes;
try {
  bytes = readFileSync(path);
} catch (error) {
  fail(2, `cannot read ${path}: ${error.message}`);
}

// ---------------------------------------------------------------- framing (RFC 5545 §3.1)
let text;
try {
  text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
} catch {
  fail(1, "the file is not valid UTF-8");
}

{
  let lineNumber = 0;
  let start = 0;
  while (start < bytes.length) {
    lineNumber++;
    const lf = bytes.indexOf(0x0a, start);
    if (lf < 0) {
      fail(1, `line ${lineNumber} does not end with CRLF (missing final line break)`);
    }
    if (lf === start || bytes[lf - 1] !== 0x0d) {
      fail(1, `line ${lineNumber} ends with a bare LF instead of CRLF`);
    }
    const content = bytes.subarray(start, lf - 1);
    if (content.includes(0x0d)) {
      fail(1, `line ${lineNumber} contains a bare CR`);
    }
    if (content.length > MAX_OCTETS) {
      fail(1, `line ${lineNumber} is ${content.length} octets long (max ${MAX_OCTETS} before CRLF)`);
    }
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(content);
    } catch {
      fail(1, `line ${lineNumber} splits a UTF-8 sequence (folded inside a character)`);
    }
    start = lf + 1;
  }
}

// ---------------------------------------------------------------- parse
let root;
try {
  const jcal = ICAL.parse(text);
  if (!Array.isArray(jcal) || jcal.length === 0) {
    throw new Error("no component found");
  }
  if (Array.isArray(jcal[0])) {
    throw new Error(`expected exactly one top-level component, found ${jcal.length}`);
  }
  root = new ICAL.Component(jcal);
} catch (error) {
  fail(1, `parse error: ${error.message}`);
}

if (root.name !== "vcalendar") {
  fail(1, `top-level component is ${root.name.toUpperCase()}, expected VCALENDAR`);
}
for (const required of ["version", "prodid"]) {
  if (!root.hasProperty(required)) {
    fail(1, `VCALENDAR has no ${required.toUpperCase()}`);
  }
}
if (String(root.getFirstPropertyValue("version")) !== "2.0") {
  fail(1, `VERSION is ${root.getFirstPropertyValue("version")}, expected 2.0`);
}

function isUtc(time) {
  return time.zone === ICAL.Timezone.utcTimezone || time.zone?.tzid === "UTC";
}

function isoUtc(time) {
  return time.toJSDate().toISOString().replace(/\.000Z$/, "Z");
}

function text_(value) {
  return value === null || value === undefined ? null : String(value);
}

// ical.js decodes values lazily, so a malformed value only throws when it is read: read them all here.
function describe() {
  const events = [];
  for (const vevent of root.getAllSubcomponents("vevent")) {
    for (const required of ["uid", "dtstamp", "dtstart"]) {
      if (!vevent.hasProperty(required)) {
        fail(1, `a VEVENT has no ${required.toUpperCase()}`);
      }
    }

    let start;
    let end;
    try {
      start = vevent.getFirstPropertyValue("dtstart");
      end = vevent.getFirstPropertyValue("dtend");
      if (!(start instanceof ICAL.Time) || (end !== null && !(end instanceof ICAL.Time))) {
        throw new Error("DTSTART/DTEND is not a date-time");
      }
      if (!(vevent.getFirstPropertyValue("dtstamp") instanceof ICAL.Time)) {
        throw new Error("DTSTAMP is not a date-time");
      }
    } catch (error) {
      fail(1, `bad VEVENT ${vevent.getFirstPropertyValue("uid")}: ${error.message}`);
    }

    const alarms = vevent.getAllSubcomponents("valarm").map((alarm) => ({
      action: text_(alarm.getFirstPropertyValue("action")),
      trigger: text_(alarm.getFirstPropertyValue("trigger")?.toString()),
      description: text_(alarm.getFirstPropertyValue("description")),
    }));

    const sequence = vevent.getFirstPropertyValue("sequence");
    events.push({
      uid: text_(vevent.getFirstPropertyValue("uid")),
      summary: text_(vevent.getFirstPropertyValue("summary")),
      description: text_(vevent.getFirstPropertyValue("description")),
      url: text_(vevent.getFirstPropertyValue("url")),
      start: isoUtc(start),
      end: end === null ? null : isoUtc(end),
      startIsUtc: isUtc(start),
      endIsUtc: end === null ? null : isUtc(end),
      status: text_(vevent.getFirstPropertyValue("status")),
      sequence: sequence === null ? null : Number(sequence),
      hasAlarm: alarms.length > 0,
      alarms,
    });
  }

  const durationText = (name) => text_(root.getFirstPropertyValue(name)?.toString());

  return {
    calendar: {
      prodid: text_(root.getFirstPropertyValue("prodid")),
      version: text_(root.getFirstPropertyValue("version")),
      method: text_(root.getFirstPropertyValue("method")),
      calscale: text_(root.getFirstPropertyValue("calscale")),
      name: text_(root.getFirstPropertyValue("name")),
      wrCalName: text_(root.getFirstPropertyValue("x-wr-calname")),
      refreshInterval: durationText("refresh-interval"),
      publishedTtl: durationText("x-published-ttl"),
    },
    events,
  };
}

let result;
try {
  result = describe();
} catch (error) {
  fail(1, `invalid value: ${error.message}`);
}

process.stdout.write(JSON.stringify(result, null, 2) + "\n");
