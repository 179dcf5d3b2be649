import datetime as dt
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from dondoc.tests import factory

pytestmark = pytest.mark.django_db
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_check_deploy_with_production_settings_prints_no_warning():
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")}
    env |= {"DEBUG": "false", "HTTPS": "true", "SECRET_KEY": secrets.token_urlsafe(48),
           "ALLOWED_HOSTS": "dondoc.example.org", "DJANGO_SETTINGS_MODULE": "dondoc.settings"}
    result = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr and "no issues" in result.stdout


def test_pages_carry_a_strict_content_security_policy(client, officer):
    client.force_login(officer)
    policy = client.get("/nhiem-vu/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["default-src"] == "'self'"
    assert "unsafe" not in directives["style-src"] and "unsafe" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"


def test_no_template_has_inline_script_or_event_handlers():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=", re.I)
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        assert not inline_script.search(text), template
        assert not handler.search(text), template
        assert "javascript:" not in text, template


def test_login_form_requires_csrf(registry):
    client = Client(enforce_csrf_checks=True)
    factory.user("u1", role="officer", unit=registry["hanoi"])
    response = client.post("/tai-khoan/dang-nhap/", {"username": "u1", "password": factory.PASSWORD})
    assert response.status_code == 403


def test_repeated_failed_logins_lock_the_account_out_in_vietnamese(client, registry, settings):
    factory.user("u2", role="officer", unit=registry["hanoi"])
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/tai-khoan/dang-nhap/", {"username": "u2", "password": "sai"}).status_code == 200
    locked = client.post("/tai-khoan/dang-nhap/", {"username": "u2", "password": "sai"})
    assert locked.status_code == 429
    assert "tạm thời bị khóa đăng nhập" in locked.content.decode()
    # Even the right password is refused while locked out.
    right = client.post("/tai-khoan/dang-nhap/", {"username": "u2", "password": factory.PASSWORD})
    assert right.status_code == 429 and "_auth_user_id" not in client.session
    # Other users are not affected.
    factory.user("u3", role="officer", unit=registry["hanoi"])
    ok = client.post("/tai-khoan/dang-nhap/", {"username": "u3", "password": factory.PASSWORD})
    assert ok.status_code == 302


def test_lock_out_ends_after_the_cool_off(client, registry, settings):
    factory.user("u4", role="officer", unit=registry["hanoi"])
    with time_machine.travel(dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC), tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post("/tai-khoan/dang-nhap/", {"username": "u4", "password": "sai"})
    later = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC) + dt.timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    with time_machine.travel(later, tick=False):
        ok = client.post("/tai-khoan/dang-nhap/", {"username": "u4", "password": factory.PASSWORD})
    assert ok.status_code == 302


def test_passwords_are_hashed_with_argon2id(registry, argon2):
    user = factory.user("u5", role="officer", unit=registry["hanoi"])
    assert user.password.startswith("argon2$argon2id$")


def test_session_expires_after_session_cookie_age(client, registry, settings):
    factory.user("u6", role="officer", unit=registry["hanoi"])
    start = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.post("/tai-khoan/dang-nhap/", {"username": "u6", "password": factory.PASSWORD})
        assert client.get("/nhiem-vu/").status_code == 200
    with time_machine.travel(start + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60), tick=False):
        assert client.get("/nhiem-vu/").status_code == 200
    with time_machine.travel(start + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60), tick=False):
        response = client.get("/nhiem-vu/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_uploads_are_stored_outside_the_web_root(client, monitor):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("submissions/2021/11/secret.pdf", ContentFile(b"%PDF-1.4 secret"))
    client.force_login(monitor)
    for url in (f"/{name}", f"/static/{name}", f"/media/{name}", f"/files/{name}"):
        assert client.get(url).status_code == 404, url
    media = Path(settings.MEDIA_ROOT).resolve()
    static_roots = [Path(settings.STATIC_ROOT).resolve(), *(Path(d).resolve() for d in settings.STATICFILES_DIRS)]
    assert not any(media.is_relative_to(root) for root in static_roots)


def test_xml_inside_office_files_is_parsed_safely():
    import defusedxml
    from defusedxml.common import EntitiesForbidden
    from defusedxml.ElementTree import fromstring

    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>'
    with pytest.raises(EntitiesForbidden):
        fromstring(bomb)
    assert defusedxml.__version__
