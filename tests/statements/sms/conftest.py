"""Fixtures for the gateway providers: a clean environment per test, and loopback stand-ins for a gateway
(an HTTP stub, a port that never answers, a closed port) for the tests that run the real SDK clients.
Nothing here leaves 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from statements.sms.providers import reset_backends

PROVIDER_VARS = (
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIYUN_SMS_TEMPLATES",
    "ALIYUN_SMS_SIGN_NAME",
    "ALIYUN_SMS_ENDPOINT",
    "TENCENTCLOUD_SECRET_ID",
    "TENCENTCLOUD_SECRET_KEY",
    "TENCENT_SMS_SDK_APP_ID",
    "TENCENT_SMS_TEMPLATES",
    "TENCENT_SMS_SIGN_NAME",
    "TENCENT_SMS_REGION",
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_FROM_NUMBER",
    "TWILIO_MESSAGING_SERVICE_SID",
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for var in PROVIDER_VARS:
        monkeypatch.delenv(var, raising=False)
    reset_backends()
    yield
    reset_backends()


@pytest.fixture
def aliyun_env(monkeypatch):
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-test-id")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "test-secret")
    monkeypatch.setenv("ALIYUN_SMS_SIGN_NAME", "某某银行")
    monkeypatch.setenv(
        "ALIYUN_SMS_TEMPLATES",
        json.dumps(
            {
                "statement_notice": "SMS_123",
                "reminder": "SMS_456",
                "last_reminder": "SMS_789",
                "dispute_update": "SMS_012",
            }
        ),
    )


@pytest.fixture
def tencent_env(monkeypatch):
    monkeypatch.setenv("TENCENTCLOUD_SECRET_ID", "AKID-test")
    monkeypatch.setenv("TENCENTCLOUD_SECRET_KEY", "test-key")
    monkeypatch.setenv("TENCENT_SMS_SDK_APP_ID", "1400006666")
    monkeypatch.setenv("TENCENT_SMS_SIGN_NAME", "某某银行")
    monkeypatch.setenv(
        "TENCENT_SMS_TEMPLATES",
        json.dumps({"statement_notice": "1110", "reminder": "1111", "last_reminder": "1112", "dispute_update": "1113"}),
    )


@pytest.fixture
def twilio_env(monkeypatch):
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC" + "0123456789abcdef" * 2)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "test-token")
    monkeypatch.setenv("TWILIO_FROM_NUMBER", "+15005550006")


class GatewayStub:
    """An HTTP server on 127.0.0.1 answering every request with the next queued (status, JSON body)."""

    def __init__(self) -> None:
        self.replies: list[tuple[int, dict]] = []
        self.requests: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                stub.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "body": self.rfile.read(length),
                        "headers": dict(self.headers),
                    }
                )
                status, payload = stub.replies.pop(0)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway_stub():
    stub = GatewayStub()
    yield stub
    stub.close()


@pytest.fixture
def silent_port():
    """A port that accepts connections (into the backlog) and never answers: every read times out."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield sock.getsockname()[1]
    sock.close()


@pytest.fixture
def closed_port():
    """A port nothing listens on: connections are refused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port
