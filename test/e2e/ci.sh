#!/usr/bin/env bash
# The end-to-end checks in a real n8n, when this machine can run them; otherwise a plain note
# saying why not, and success. Called by .ci/run after `npm test`.
#
# Needs: n8n installed in the cache by an earlier run, or else 8 GB free there and the npm
# registry in reach (a first run installs two n8n releases, about 5 GB, in 5 to 10 minutes).
# Chromium for the editor check and redis-server for queue mode come from Debian's packages.
set -euo pipefail
cd "$(dirname "$0")/../.."

cache="${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-amazon-pay-reports-e2e}"
min_free_gb_cold=8
min_free_gb_warm=1
time_limit=45m

skip() {
	echo "e2e: skipped: $*"
	exit 0
}

# An install counts as cached when the folder for its exact lockfile is complete; the folder
# name ends in the first 12 hex digits of sha256(package.json + package-lock.json).
cached=yes
for install in test/e2e/installs/*/; do
	name=$(basename "$install")
	hash=$(cat "$install/package.json" "$install/package-lock.json" | sha256sum | cut -c1-12)
	[ -f "$cache/$name-$hash/.install-complete" ] || cached=no
done

mkdir -p "$cache"
free_gb=$(( $(df -Pk "$cache" | awk 'NR == 2 { print $4 }') / 1024 / 1024 ))
if [ "$cached" = yes ]; then
	echo "e2e: n8n is installed in $cache; reusing it"
	[ "$free_gb" -ge "$min_free_gb_warm" ] ||
		skip "only ${free_gb} GB free in $cache (the runs need about ${min_free_gb_warm} GB)"
else
	[ "$free_gb" -ge "$min_free_gb_cold" ] ||
		skip "only ${free_gb} GB free in $cache; installing n8n needs ${min_free_gb_cold} GB"
	registry=$(npm config get registry)
	timeout 30 npm ping >/dev/null 2>&1 ||
		skip "the npm registry ($registry) does not answer; n8n cannot be installed"
fi

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
redis="${REDIS_SERVER_PATH:-/usr/bin/redis-server}"

# Debian's Chromium (the editor check) and Redis (queue mode), installed when missing and this
# runs as root with apt-get; otherwise those checks are left out, and the run says so.
missing=()
[ -x "$chromium" ] || missing+=(chromium)
[ -x "$redis" ] || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "e2e: installing ${missing[*]} from Debian's packages"
	{ timeout 300 apt-get update -q &&
		DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -q \
			"${missing[@]}"; } >/tmp/n8n-e2e-apt.log 2>&1 ||
		echo "e2e: apt-get install ${missing[*]} failed (log: /tmp/n8n-e2e-apt.log)"
fi

args=()
if [ ! -x "$chromium" ]; then
	echo "e2e: no Chromium at $chromium: the editor check is left out (--no-editor)"
	args+=(--no-editor)
fi
if [ -x "$redis" ]; then
	args+=(--queue)
else
	echo "e2e: no redis-server at $redis: queue mode is left out"
fi

echo "e2e: npm run test:e2e -- ${args[*]}"
timeout --kill-after=60s "$time_limit" npm run test:e2e -- "${args[@]}"
