#!/usr/bin/env bash
# `npm run example`: on Debian 12, as root, from a fresh clone: prepares the
# machine and builds Flotilla (.ci/prepare), makes and loads the example's
# images, starts examples/devstack with `up -d --wait`, and prints the URL
# that answers. Run again, it brings the same stack up to date.
# WEB_PORT moves the published port (8080); FLOTILLA_ROOT the state root.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "npm run example needs root: the engine makes namespaces, mounts, bridges and iptables rules" >&2
  exit 1
fi

.ci/prepare

flotilla=dist/cli/flotilla
compose_file=examples/devstack/compose.yaml
echo "Building the example's images (cached in .cache/images)"
mapfile -t archives < <(node examples/images/build-example-images.mjs)
for archive in "${archives[@]}"; do
  "$flotilla" image load -q -i "$archive"
done

"$flotilla" -f "$compose_file" up -d --wait

url="http://localhost:${WEB_PORT:-8080}/"
echo
echo "$url answers:"
node scripts/await-url.mjs "$url" | sed 's/^/  /'
echo
echo "Stop it with:      $flotilla -f $compose_file down"
echo "(and its data with: $flotilla -f $compose_file down -v)"
