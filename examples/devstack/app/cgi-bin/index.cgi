#!/bin/sh
# The app's one page: count this visit in redis, then say how many there were.
# busybox httpd runs it for / (there is no index.html beside it).
redis="${REDIS_HOST:-redis}"

if ! visits=$(redis-cli -h "$redis" INCR visits 2>&1) || [ -z "${visits##*[!0-9]*}" ]; then
  printf 'Status: 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\n'
  printf 'redis at %s did not answer: %s\n' "$redis" "$visits"
  exit 0
fi

printf 'Content-Type: text/plain\r\n\r\n'
printf 'Hello from Flotilla: nginx -> app -> redis.\n'
printf 'Visits so far: %s (redis key "visits").\n' "$visits"
