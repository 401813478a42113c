#!/usr/bin/env bash
# Checks the deployment files with the real tools: systemd-analyze verify (the units, with /opt/bankrec-portal
# pointing at this checkout), nginx -t (the site inside a minimal nginx.conf, with a throw-away certificate) and
# promtool check rules (the alert rules). Needs make install first (the units' ExecStart binaries) and the tools:
# apt-get install nginx prometheus (promtool) openssl. A missing tool fails: CI installs them (.ci/run).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
for tool in systemd-analyze nginx promtool openssl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "FATAL: $tool is not installed (apt-get install nginx prometheus openssl systemd)"; exit 1; }
done

echo "== systemd-analyze verify deploy/systemd/*.service"
mkdir -p "$WORK/units"
for unit in "$ROOT"/deploy/systemd/*.service; do
  sed "s#/opt/bankrec-portal#$ROOT#g" "$unit" > "$WORK/units/$(basename "$unit")"
done
# The units name user bankrec and /etc/bankrec-portal/env, which a build machine does not have; verify checks the
# syntax, the directives and that every ExecStart binary exists.
SYSTEMD_LOG_LEVEL=warning systemd-analyze verify "$WORK"/units/*.service 2>&1 | tee "$WORK/verify.log"
if grep -v -e "Failed to resolve user" -e "EnvironmentFile" "$WORK/verify.log" | grep -q .; then
  echo "FATAL: systemd-analyze verify reported problems"; exit 1
fi

echo "== nginx -t deploy/nginx/bankrec-portal.conf"
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/ssl"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=portal.example.cn" \
  -keyout "$WORK/nginx/ssl/privkey.pem" -out "$WORK/nginx/ssl/fullchain.pem" >/dev/null 2>&1
sed -e "s#/etc/ssl/bankrec-portal#$WORK/nginx/ssl#g" -e "s#/var/log/nginx#$WORK/nginx/logs#g" \
  "$ROOT/deploy/nginx/bankrec-portal.conf" > "$WORK/nginx/site.conf"
cat > "$WORK/nginx/nginx.conf" <<CONF
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log;
events {}
http {
    include /etc/nginx/mime.types;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    include $WORK/nginx/site.conf;
}
CONF
nginx -t -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"

echo "== promtool check rules deploy/prometheus/alerts.yml"
promtool check rules "$ROOT/deploy/prometheus/alerts.yml"
echo "deployment files: all checks passed"
