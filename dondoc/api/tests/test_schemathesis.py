"""schemathesis against the live API: every operation, as the monitor; no 5xx, responses match the schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dondoc.accounts.services import api_token_create
from dondoc.submissions.services import submission_create
from dondoc.tests import factory

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = {GenerationMode.POSITIVE: 20, GenerationMode.NEGATIVE: 8}


def fuzz(operation, mode, examples: int, base_url: str, headers: dict, calls: dict):
    @given(case=operation.as_strategy(generation_mode=mode))
    @hsettings(max_examples=examples, deadline=None, database=None, derandomize=True,
               phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case):
        calls[operation.label] = calls.get(operation.label, 0) + 1
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)

    return run


@pytest.mark.django_db(transaction=True)
def test_live_api_conforms_to_its_schema(live_server, settings):
    settings.API_THROTTLE_USER = "100000/min"
    units = factory.registry()
    program = factory.program(units)
    monitor = factory.user("monitor", role="monitor", unit=units["tg"])
    assignment = program["plan"].assignments.get(unit=units["hanoi"])
    submission_create(assignment=assignment, kind="completion_report", by=monitor, text="Đã hoàn thành")
    _, key = api_token_create(user=monitor, name="schemathesis")
    headers = {"Authorization": f"Token {key}"}

    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/openapi.json")
    calls: dict[str, int] = {}
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode, examples in EXAMPLES.items():
            run = fuzz(operation, mode, examples, live_server.url, headers, calls)
            try:
                run()
            except Unsatisfiable:
                pass  # nothing to make invalid (an operation without parameters or body)
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - report every operation's failure
                failures.append(f"{operation.label} [{mode.value}]: {str(exc)[:1500]}")
    print(f"schemathesis: {len(calls)} operations, {sum(calls.values())} calls")
    assert not failures, "\n\n".join(failures)
    assert len(calls) >= 17
