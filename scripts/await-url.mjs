#!/usr/bin/env node
// Prints what URL answers once it answers 200, or fails after about ten
// seconds with the last status or error. `npm run example` uses it so the
// URL it hands out is one that has been seen working; Node is the one HTTP
// client every machine that builds Flotilla has.
const [url] = process.argv.slice(2);
if (!url) {
  console.error('usage: await-url.mjs URL');
  process.exit(2);
}

let last = 'no answer';
for (let attempt = 0; attempt < 40; attempt++) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    const body = await response.text();
    if (response.ok) {
      process.stdout.write(body);
      process.exit(0);
    }
    last = `HTTP ${response.status}: ${body.trim()}`;
  } catch (error) {
    last = error.cause?.message ?? error.message;
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}
console.error(`${url} did not answer: ${last}`);
process.exit(1);
