#!/usr/bin/env bash
# Runs every test of Fulcrum. Installs what the tests need first (Debian packages, the SARIF validator,
# NuGet restores), so it works on a fresh machine. Usage: ./test.sh [extra dotnet test args]
set -euo pipefail
cd "$(dirname "$0")"

need_packages=()
command -v chromium >/dev/null || need_packages+=(chromium)
command -v promtool >/dev/null || need_packages+=(prometheus)
command -v prometheus-alertmanager >/dev/null || need_packages+=(prometheus-alertmanager)
command -v amtool >/dev/null || need_packages+=(prometheus-alertmanager)
command -v systemd-analyze >/dev/null || need_packages+=(systemd)
command -v npm >/dev/null || need_packages+=(npm)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_packages+=(postgresql-15)
command -v curl >/dev/null || need_packages+=(curl)
command -v h2load >/dev/null || need_packages+=(nghttp2-client)
command -v wrk >/dev/null || need_packages+=(wrk)
command -v openssl >/dev/null || need_packages+=(openssl)
if [ ${#need_packages[@]} -gt 0 ]; then
  echo "== installing Debian packages: ${need_packages[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
fi

# The SARIF Multitool validates `fulcrum audit --format sarif` output (a Linux binary ships in the npm package).
if [ ! -x .tools/sarif/node_modules/.bin/sarif-multitool ]; then
  echo "== installing @microsoft/sarif-multitool"
  mkdir -p .tools/sarif
  (cd .tools/sarif && npm install --silent --no-audit --no-fund --prefix . @microsoft/sarif-multitool@5.7.0 >/dev/null)
fi
export FULCRUM_SARIF_MULTITOOL="$PWD/.tools/sarif/node_modules/.bin/sarif-multitool"

echo "== restoring and building"
dotnet build Fulcrum.sln -c Release -nologo -v q

echo "== running tests"
dotnet test Fulcrum.sln -c Release --no-build -nologo -v q --logger "console;verbosity=minimal" "$@"
