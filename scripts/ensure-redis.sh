#!/usr/bin/env bash
# Make sure a Redis answers on REDIS_URL (default redis://127.0.0.1:6379), starting one if none does.
set -euo pipefail
url="${REDIS_URL:-redis://127.0.0.1:6379}"
hostport="${url#redis://}"; hostport="${hostport##*@}"; hostport="${hostport%%/*}"
host="${hostport%%:*}"; port="${hostport##*:}"; [ "$port" = "$host" ] && port=6379

ping() { (exec 3<>"/dev/tcp/$host/$port" && printf 'PING\r\n' >&3 && timeout 2 head -c 5 <&3 | grep -q PONG) 2>/dev/null; }

if ping; then echo "Redis answers at $host:$port"; exit 0; fi
if ! command -v redis-server >/dev/null 2>&1; then
  echo "No redis-server on this machine; installing it from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
echo "Starting redis-server on $host:$port"
redis-server --daemonize yes --bind "$host" --port "$port" --save "" --appendonly no >/dev/null
for _ in $(seq 1 50); do ping && { echo "Redis answers at $host:$port"; exit 0; }; sleep 0.1; done
echo "Redis did not start at $host:$port" >&2
exit 1
