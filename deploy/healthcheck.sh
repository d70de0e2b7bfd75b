#!/usr/bin/env bash
# Container healthcheck of a BriWatch service: exits 0 when GET PATH (default /health/ready) answers 200.
# The .NET 10 aspnet runtime image (Ubuntu 24.04) has bash but neither curl nor wget, and installing curl would add a
# package (and its CVEs) to every image for this one call: an HTTP/1.0 request over bash's /dev/tcp does the same.
# The port is the one Kestrel listens on: the first ASPNETCORE_URLS entry's (8080 in deploy/Service.Dockerfile).
set -euo pipefail

path=${1:-/health/ready}
url=${ASPNETCORE_URLS:-http://+:8080}
url=${url%%;*}
authority=${url#*://}
authority=${authority%%/*}
port=${authority##*:}
if [[ ! $port =~ ^[0-9]+$ ]]; then
  [[ $url == https://* ]] && port=443 || port=80
fi

exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3
[[ $status =~ ^HTTP/1\.[01]\ 200[[:space:]] ]]
