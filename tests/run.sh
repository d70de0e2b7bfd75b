#!/usr/bin/env bash
# Runs every BriWatch test. On a fresh Debian machine (as root) it first installs and starts what the tests need:
# a RabbitMQ broker for the distributed end-to-end tests, headless Chromium for the dashboard tests, maildev (npm) for the email tests and Prometheus for the metrics test. MongoDB cannot be installed here: set BRIWATCH_TEST_MONGO
# to a connection string to run the storage contract suite against a MongoDB you provide.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

log() { printf '\n== %s\n' "$*"; }

ensure_rabbitmq() {
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    log "installing rabbitmq-server"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq rabbitmq-server >/dev/null
  fi
  # `ping` answers as soon as the Erlang node is up, seconds before the rabbit application accepts commands: wait for
  # the application itself (check_running), or add_vhost below fails on a freshly started broker.
  if ! as_root rabbitmq-diagnostics -q check_running >/dev/null 2>&1; then
    if ! as_root rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
      log "starting rabbitmq-server"
      as_root rabbitmq-server -detached
    fi
    local started=""
    for i in $(seq 1 120); do
      if as_root rabbitmq-diagnostics -q check_running >/dev/null 2>&1; then started=yes; break; fi
      # A node that is up with its application stopped (rabbitmqctl stop_app) never boots on its own.
      if [ "$i" -eq 30 ] && as_root rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
        as_root rabbitmqctl -q start_app >/dev/null 2>&1 || true
      fi
      sleep 1
    done
    [ -n "$started" ] || { echo "RabbitMQ did not start within 120 s" >&2; as_root rabbitmq-diagnostics status >&2 || true; exit 1; }
  fi
  # A fresh virtual host per run: no queue or message from an earlier run can leak into this one.
  as_root rabbitmqctl -q delete_vhost briwatch-test >/dev/null 2>&1 || true
  as_root rabbitmqctl -q add_vhost briwatch-test >/dev/null
  as_root rabbitmqctl -q set_permissions -p briwatch-test guest '.*' '.*' '.*' >/dev/null
  export BRIWATCH_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:5672/briwatch-test"
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    log "installing chromium"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
  fi
}

# maildev (npm) is the loopback SMTP server of the alerting email tests; installed once under tests/.tools (git-ignored node_modules).
ensure_maildev() {
  local bin=tests/.tools/node_modules/.bin/maildev
  if [ ! -x "$bin" ]; then
    log "installing maildev"
    mkdir -p tests/.tools
    npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error --prefix tests/.tools maildev@3 >/dev/null
  fi
  "$bin" --version >/dev/null || { echo "maildev at $bin does not run" >&2; exit 1; }
  export BRIWATCH_TEST_MAILDEV="$PWD/$bin"
}

# libfaketime (Debian's faketime) moves the wall clock of a process tree, for the second pass below.
ensure_faketime() {
  if ! command -v faketime >/dev/null 2>&1; then
    log "installing faketime"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq faketime >/dev/null
  fi
}

# Debian's Prometheus server scrapes the all-in-one host in the metrics test, which starts its own instance on a free
# loopback port. The package's own service must not start: policy-rc.d refuses every service start during the install.
ensure_prometheus() {
  if ! command -v prometheus >/dev/null 2>&1; then
    log "installing prometheus"
    as_root apt-get update -qq
    local policy=/usr/sbin/policy-rc.d added=""
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
      as_root chmod +x "$policy"
      added=yes
    fi
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq prometheus >/dev/null
    [ -z "$added" ] || as_root rm -f "$policy"
  fi
  prometheus --version >/dev/null 2>&1 || { echo "prometheus does not run" >&2; exit 1; }
}

# kubectl renders deploy/k8s in the Kustomize test (kubectl kustomize), which fails without it. On this project's
# machines it is preinstalled from apt: the `kubectl` package of Google's Cloud SDK repository (Kustomize 5). Debian's
# own kubernetes-client (kubectl 1.20, Kustomize 2) is too old for these files, so it is no fallback.
check_kubectl() {
  if ! command -v kubectl >/dev/null 2>&1; then
    echo "kubectl is not installed (apt package kubectl from the Google Cloud SDK repository): the Kustomize test will fail" >&2
  fi
}

ensure_rabbitmq
ensure_chromium
ensure_maildev
ensure_faketime
ensure_prometheus
check_kubectl

log "building"
dotnet build BriWatch.sln -nologo -v q

log "testing"
results=$(mktemp)
set +e
dotnet test BriWatch.sln --no-build -nologo --blame-hang-timeout 10m 2>&1 | tee "$results"
status=${PIPESTATUS[0]}
set -e

# Second pass with the wall clock 30 days ahead: a test that mixes a fixed date with a host on the real clock (or
# otherwise depends on today's date) fails here long before the calendar reaches it on main. Each test assembly runs
# under xUnit v3's own runner (the assemblies are executables): vstest's host handshake does not survive libfaketime.
# Monotonic clocks are left alone, so timeouts and delays behave as usual. libfaketime turns on its "monotonic fix" by
# itself on this glibc, and with it every timed wait in .NET returns at once as timed out (WebApplicationFactory's
# start gives up, delays spin the CPU); FAKETIME_FORCE_MONOTONIC_FIX=0 keeps it off.
log "testing with the clock moved 30 days ahead"
shifted=$(mktemp)
set +e
shifted_status=0
for assembly in tests/*.Tests/bin/Debug/net10.0/*.Tests.dll; do
  name=$(basename "$assembly" .dll)
  [ "$(basename "$(dirname "$(dirname "$(dirname "$(dirname "$assembly")")")")")" = "$name" ] || continue
  output=$(mktemp)
  FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_FORCE_MONOTONIC_FIX=0 faketime -m -f '+30d' dotnet "$assembly" -noColor -noLogo >"$output" 2>&1
  if [ $? -ne 0 ]; then
    shifted_status=1
    grep -A 25 '\[FAIL\]' "$output" || tail -n 40 "$output"
  fi
  grep -E ' Total: [0-9]+, Errors:' "$output" | tee -a "$shifted"
  rm -f "$output"
done
set -e

# One closing line for the whole run, summed over the per-assembly summaries of both passes.
{ awk '/(Passed|Failed)! +- +Failed:/ {
         gsub(",", ""); for (i = 1; i <= NF; i++) {
           if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
       END { printf "%d %d %d\n", p, f, s }' "$results"
  awk '/ Total: [0-9]+, Errors:/ {
         gsub(",", ""); for (i = 1; i <= NF; i++) {
           if ($i == "Total:") t += $(i+1); if ($i == "Errors:") e += $(i+1); if ($i == "Failed:") f += $(i+1);
           if ($i == "Skipped:") s += $(i+1); if ($i == "Run:") n += $(i+1) } }
       END { printf "%d %d %d\n", t - f - s - n, f + e, s + n }' "$shifted"
} | awk '{ p += $1; f += $2; s += $3 } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }'
rm -f "$results" "$shifted"
[ "$status" -eq 0 ] || exit "$status"
exit "$shifted_status"
