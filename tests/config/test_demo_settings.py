"""The demo (`make demo`: manage.py with the embedded settings) serves the product's own error pages.

Run in a child process with the embedded settings exactly as `make demo` gets them (no DEBUG in the environment),
against a throw-away SQLite database: a refused page is the product's 404, not Django's debug page listing the URL
patterns; static files are served with DEBUG off; 127.0.0.1 and localhost are allowed hosts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("migrate", "--noinput", verbosity=0)
from django.test import Client
from portal.services.users import user_ensure
from core.roles import Role
from reconcile.services.books import customer_create
from tests.factories import credit_code
out = {"debug": settings.DEBUG}
client = Client()
for host in ("127.0.0.1:8000", "localhost:8000"):
    response = client.get("/no-such-page/", HTTP_HOST=host)
    out[host] = [response.status_code, response.content.decode()]
css = client.get("/static/portal/site.css", HTTP_HOST="127.0.0.1:8000")
out["css"] = [css.status_code, b"".join(css.streaming_content).decode()[:200] if css.streaming else ""]
customer = customer_create(actor=None, legal_name="演示探针有限公司", credit_code=credit_code(901))
user, _ = user_ensure(actor=None, username="demo_client_probe", roles=[Role.CLIENT_VIEWER], password="Demo@2026!x",
                      customer=customer)
client.force_login(user)
refused = client.get("/ops/", HTTP_HOST="127.0.0.1:8000")
out["403"] = [refused.status_code, refused.content.decode()]
print("RESULT" + json.dumps(out))
"""


def test_the_demo_settings_serve_the_products_error_pages(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL", "CELERY_BROKER_URL")}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.embedded", "PORTAL_VAR_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.split("RESULT", 1)[1])
    assert result["debug"] is False
    for host in ("127.0.0.1:8000", "localhost:8000"):
        status, body = result[host]
        assert status == 404, (host, body[:500])
        assert "页面不存在" in body and "返回首页" in body
        assert "URLconf" not in body and "Using the URLconf" not in body and "DEBUG = True" not in body
    status, css = result["css"]
    assert status == 200 and css.strip()
    status, body = result["403"]
    assert status == 403 and "无权访问此页面" in body and "Traceback" not in body and "DEBUG" not in body


def test_a_fresh_clones_first_migrate_creates_the_var_directory(tmp_path):
    """A fresh clone has no var/ (it is not in git), nor has a new PORTAL_VAR_DIR: `manage.py migrate` creates the
    SQLite file's directory instead of failing with "unable to open database file" and a traceback."""
    var = tmp_path / "new" / "var"
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL", "CELERY_BROKER_URL")}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.embedded", "PORTAL_VAR_DIR": str(var)}
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert (var / "portal.sqlite3").is_file()
