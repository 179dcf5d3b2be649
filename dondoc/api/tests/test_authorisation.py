"""Every route × method × persona, generated from the URL configuration and the API schema.

Officers of unit A and unit B each get the other's objects: nothing of the other unit may be read
(404/403, and its markers never appear in a page) or written. Unit A (LĐLĐ Hà Nội) has units below it: its
officer follows its own subtree (the cascade: its own program's dashboards, review, a unit's plan below it),
never B's. A coordinator — the officer of a department named to coordinate A's task — reads that task but
nothing of B. Each unit has issued a progress report of its own (paperwork): the other never reads it. Routes added later are covered without
editing this test: a `<int:...>` route gets the objects of A and B of the model its name points at,
or of every model when the name says nothing.
"""

import datetime as dt
import hashlib
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from dondoc.accounts.models import ApiToken
from dondoc.accounts.services import api_token_create
from dondoc.directives import services as directives
from dondoc.directives.models import Assignment, Document, Task
from dondoc.notifications.models import Notification
from dondoc.paperwork.models import IssuedPaper
from dondoc.submissions.models import Attachment, Submission
from dondoc.submissions.services import Upload, submission_create
from dondoc.units.models import Succession, Unit

from .conftest import make_pdf

SKIPPED_NAMESPACES = {"admin"}  # Django's own admin: staff only; one request per persona checks it below
# Which model a route's name points at (checked in this order on the name without its namespace).
MODEL_WORDS = [("extension_request", Assignment), ("progress_plan", Assignment), ("paper", IssuedPaper),
               ("token", ApiToken), ("attachment", Attachment),
               ("notification", Notification), ("review", Submission), ("submit", Assignment),
               ("submission", Submission), ("assignment", Assignment), ("task_create", Document),
               ("program", Document), ("document", Document), ("task", Task), ("unit", Unit)]
DOMAIN = [Unit, Succession, Document, Task, Assignment, Submission, Attachment]
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
GROUP = re.compile(r"\(\?P<(\w+)>([^)]*)\)")


def routes():
    """(path template, url name) for every route, with namespaces joined."""
    found = []

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in SKIPPED_NAMESPACES:
                    continue
                ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
                found.append((prefix + str(p.pattern), name))

    walk(get_resolver().url_patterns, "", "")
    return found


def concrete(template: str, pk: int | None) -> str:
    path = template.replace("^", "").replace("$", "")
    path = path.replace(".*", "khong-co-dia-chi/")  # the API's catch-all
    # Regex routes: a numeric group gets the object's id, an alternation its first choice.
    path = GROUP.sub(lambda m: str(pk) if "0-9" in m.group(2) or "\\d" in m.group(2) else m.group(2).split("|")[0],
                     path)
    path = PARAM.sub(lambda m: str(pk) if m.group(1) == "int" else "x", path)
    return "/" + path


def model_of(name: str):
    short = name.rsplit(":", 1)[-1]
    for word, model in MODEL_WORDS:
        if word in short:
            return [model]
    return [m for _, m in MODEL_WORDS]


def snapshot() -> str:
    digest = hashlib.sha256()
    for model in DOMAIN:
        for row in model.objects.order_by("pk").values():
            digest.update(repr(sorted(row.items())).encode())
    return digest.hexdigest()


def unit_side(registry, unit, tag: str, by) -> dict:
    doc = directives.document_create(number=f"{tag}/KH-LĐLĐ", date=dt.date(2021, 8, 1), issuer=unit,
                                     title=f"Kế hoạch riêng MARK{tag}DOC", is_program=True)
    task = directives.task_create(document=doc, ref="1", title=f"Nhiệm vụ MARK{tag}TASK", lead_units=[unit])
    assignment = task.assignments.get()
    submission = submission_create(assignment=assignment, kind="completion_report", by=by,
                                   text=f"Báo cáo MARK{tag}SUB", files=[Upload(f"MARK{tag}FILE.pdf", make_pdf())])
    _, key = api_token_create(user=by, name=f"MARK{tag}KEY")
    return {Unit: unit, Document: doc, Task: task, Assignment: assignment, Submission: submission,
            Attachment: submission.attachments.get(), ApiToken: by.api_tokens.get(),
            Notification: by.notifications.get()}  # the new task, told to the unit's officer


@pytest.fixture
def coordinator(registry):
    from dondoc.tests import factory

    return factory.user("coordinator", role="officer", unit=registry["toc"])


@pytest.fixture
def world(registry, program, officer, outsider, monitor, leader, coordinator):
    from dondoc.submissions.services import reported_count_create

    sides = {"A": unit_side(registry, registry["hanoi"], "A", officer),
             "B": unit_side(registry, registry["danang"], "B", outsider)}
    sides["A"][Task].coordinators.add(registry["toc"])
    # Hà Nội's own program, given to the unit below it, and figures it reported from below.
    own = directives.document_create(number="9/KH-LĐLĐ", date=dt.date(2021, 8, 2), issuer=registry["hanoi"],
                                     scope=registry["hanoi"], title="Kế hoạch của Hà Nội", is_program=True)
    directives.task_create(document=own, ref="1", title="Việc của công đoàn KCN", lead_units=[registry["hanoi_upper"]])
    reported_count_create(assignment=sides["A"][Assignment], period="Năm 2021", done=3, total=5, by=officer)
    # Each unit's own progress report on its own plan (the cascade's paperwork): seen by it, never by the other.
    from dondoc.paperwork.services import report_issue

    for side, unit in (("A", registry["hanoi"]), ("B", registry["danang"])):
        sides[side][IssuedPaper] = report_issue(program=sides[side][Document], as_of=dt.date(2021, 11, 9),
                                                date=dt.date(2021, 11, 10), unit=unit)
    return sides


def methods_for(template: str, schema_paths: dict) -> list[str]:
    if template.startswith("api/"):
        key = "/" + PARAM.sub(lambda m: "{id}", template)
        ops = schema_paths.get(key)
        if ops:
            return sorted({m.upper() for m in ops} & {"GET", "POST", "PUT", "PATCH", "DELETE"})
    return ["GET", "POST"]


def call(client: Client, method: str, path: str):
    if method == "GET":
        return client.get(path)
    return getattr(client, method.lower())(path, data={}, content_type="application/json") if path.startswith(
        "/api/") else client.post(path, data={})


def test_every_route_method_and_persona_stays_within_its_unit(world, monitor, leader, officer, outsider, coordinator):
    schema_paths = Client().get("/api/openapi.json").json()["paths"]
    all_routes = routes()
    covered = {"/" + PARAM.sub("{id}", t) for t, _ in all_routes}
    assert set(schema_paths) <= covered, "every operation of the API schema is a route"

    personas = {"anonymous": (None, None), "officer_a": (officer, "A"), "officer_b": (outsider, "B"),
                "leader": (leader, None), "monitor": (monitor, None), "coordinator": (coordinator, "A")}
    markers = {side: [f"MARK{side}{kind}" for kind in ("DOC", "TASK", "SUB", "FILE")] for side in "AB"}
    problems, requests = [], 0
    for persona, (user, own) in personas.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        before = snapshot()
        other = {"A": "B", "B": "A"}.get(own)
        for template, name in all_routes:
            with_pk = "<int:" in template or bool(GROUP.search(template))
            targets = [(side, model) for model in model_of(name) for side in "AB"] if with_pk else [(None, None)]
            for method in methods_for(template, schema_paths):
                for side, model in targets:
                    obj = world[side][model] if side else None
                    path = concrete(template, obj.pk if obj else None)
                    if user is not None and "_auth_user_id" not in client.session:
                        client.force_login(user)  # the logout route ended the session
                    response = call(client, method, path)
                    requests += 1
                    status = response.status_code
                    body = b"" if response.streaming else response.content
                    where = f"{persona} {method} {path} ({name}, {side} {getattr(model, '__name__', '')})"
                    if status >= 500:
                        problems.append(f"{where}: {status}")
                    if persona == "anonymous" and status < 400 and status not in (301, 302) and not _public(path):
                        problems.append(f"{where}: anonymous got {status}")
                    if other and side == other and model is not None and model in model_of(name) and status < 400:
                        problems.append(f"{where}: crossed units with {status}")
                    leaked = other or ("A" if persona == "anonymous" else None)
                    for marker in markers.get(leaked, []) + (markers["B"] if persona == "anonymous" else []):
                        if marker.encode() in body or marker in response.get("Content-Disposition", ""):
                            problems.append(f"{where}: discloses {marker}")
        if persona != "monitor" and snapshot() != before:
            problems.append(f"{persona}: domain data changed by requests that must all be refused")
        admin = client.get("/quan-tri/")
        if persona != "monitor" and admin.status_code != 302:
            problems.append(f"{persona}: admin answered {admin.status_code}")
    assert requests > 400
    assert not problems, "\n".join(problems[:60])


def _public(path: str) -> bool:
    return path.startswith(("/tai-khoan/dang-nhap/", "/api/openapi.json", "/api/docs/", "/healthz",
                            "/i18n/", "/tai-khoan/quen-mat-khau/", "/tai-khoan/dat-lai-mat-khau/"))
