"""deploy/: the systemd units, the nginx site, the sample environment and gunicorn's settings fit the portal.

The parse-level checks run everywhere; deploy/verify.sh runs the real tools (systemd-analyze verify, nginx -t,
promtool) where they are installed, and must run in CI (PORTAL_REQUIRE_TOOLS=1, set by .ci/run).
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
NGINX = (DEPLOY / "nginx" / "bankrec-portal.conf").read_text("utf-8")
ENV_EXAMPLE = DEPLOY / "bankrec-portal.env.example"
TOOLS = ("systemd-analyze", "nginx", "promtool", "openssl")


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(DEPLOY / "systemd" / name, encoding="utf-8")
    return parser


def env_example() -> dict[str, str]:
    pairs = [
        line.split("=", 1) for line in ENV_EXAMPLE.read_text("utf-8").splitlines() if line and not line.startswith("#")
    ]
    return {key: value for key, value in pairs}


def test_three_units_web_worker_beat():
    assert [u.name for u in UNITS] == [
        "bankrec-portal-beat.service",
        "bankrec-portal-web.service",
        "bankrec-portal-worker.service",
    ]
    for path in UNITS:
        parsed = unit(path.name)
        service = parsed["Service"]
        assert parsed["Unit"]["Description"] and parsed["Install"]["WantedBy"] == "multi-user.target"
        assert service["User"] == "bankrec" and service["EnvironmentFile"] == "/etc/bankrec-portal/env"
        assert service["ExecStart"].startswith("/opt/bankrec-portal/.venv/bin/")
        assert service["Restart"] == "on-failure" and service["NoNewPrivileges"] == "yes"
        assert service["ProtectSystem"] == "strict" and "/var/lib/bankrec-portal" in service["ReadWritePaths"]
    web = unit("bankrec-portal-web.service")["Service"]
    assert "gunicorn config.wsgi" in web["ExecStart"] and "deploy/gunicorn.conf.py" in web["ExecStart"]
    assert (DEPLOY / "gunicorn.conf.py").is_file()
    worker = unit("bankrec-portal-worker.service")["Service"]
    queues = re.search(r"-Q (\S+)", worker["ExecStart"]).group(1).split(",")
    assert queues == settings.HEALTH_QUEUES  # every queue a worker consumes gets a heartbeat, and no other
    assert "celery -A config beat" in unit("bankrec-portal-beat.service")["Service"]["ExecStart"]
    for name in ("bankrec-portal-web.service", "bankrec-portal-worker.service"):
        assert unit(name)["Service"]["Environment"] == "PROMETHEUS_MULTIPROC_DIR=/run/bankrec-portal/metrics"
    assert "/run/bankrec-portal/metrics" in (DEPLOY / "systemd" / "bankrec-portal.tmpfiles").read_text("utf-8")


def test_nginx_upload_limit_matches_the_portals():
    size = int(re.search(r"client_max_body_size (\d+)m;", NGINX).group(1))
    assert settings.IMPORT_MAX_UPLOAD_MB < size <= settings.IMPORT_MAX_UPLOAD_MB + 2


def test_nginx_passes_one_client_address_and_a_request_id_and_keeps_media_private():
    assert "proxy_add_x_forwarded_for" not in NGINX  # appending would let a client inject an address
    assert NGINX.count("proxy_set_header X-Forwarded-For $remote_addr;") == 2
    assert NGINX.count("proxy_set_header X-Real-IP $remote_addr;") == 2
    assert NGINX.count("proxy_set_header X-Request-ID $request_id;") == 2
    assert NGINX.count("proxy_set_header X-Forwarded-Proto $scheme;") == 2  # SECURE_PROXY_SSL_HEADER
    assert re.search(r"location /media/ \{\s*return 404;", NGINX)
    assert "listen 443 ssl http2;" in NGINX and "ssl_protocols TLSv1.2 TLSv1.3;" in NGINX
    assert re.search(r"location /static/ \{\s*alias /var/lib/bankrec-portal/static/;", NGINX)
    assert env_example()["PORTAL_VAR_DIR"] == "/var/lib/bankrec-portal"  # STATIC_ROOT = PORTAL_VAR_DIR/static


def test_sample_environment_names_only_what_the_portal_reads_and_passes_the_deploy_check(tmp_path):
    from core.pki import generate_demo_identity

    known = set()
    for path in [*(ROOT / "config").rglob("*.py"), DEPLOY / "gunicorn.conf.py"]:
        known |= set(re.findall(r"""(?:env_\w+|environ\.get)\(\s*["']([A-Z0-9_]+)["']""", path.read_text("utf-8")))
    sample = env_example()
    assert set(sample) - known - {"DJANGO_SETTINGS_MODULE"} == set()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL", "PDF_SIGNING_PKCS12"} <= set(sample)
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    # The sample names where the bank's signing file goes on a server; here a generated one stands in for it.
    signing = generate_demo_identity(
        tmp_path, bank_name="测试银行", passphrase=sample["PDF_SIGNING_PASSPHRASE"].encode()
    )
    result = subprocess.run(
        [os.sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean | sample | {"PDF_SIGNING_PKCS12": str(signing)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deployment_files_pass_the_real_tools():
    missing = [tool for tool in TOOLS if not shutil.which(tool)]
    if missing:
        if os.environ.get("PORTAL_REQUIRE_TOOLS") == "1":
            pytest.fail(f"{', '.join(missing)} not installed; .ci/run installs them (apt-get install nginx prometheus)")
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install nginx prometheus); CI runs this check")
    if not (ROOT / ".venv" / "bin" / "gunicorn").exists():
        pytest.skip("make install first: the units' ExecStart binaries are checked")
    result = subprocess.run(["bash", str(DEPLOY / "verify.sh")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "deployment files: all checks passed" in result.stdout
