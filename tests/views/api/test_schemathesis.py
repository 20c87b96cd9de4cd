"""schemathesis against the API's own OpenAPI document: for a staff, a clerk and a statistics
token, a bounded number of generated calls per operation; no server error, every answer's
status, content type and body as documented."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from seed.factories import make_api_token

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
EXAMPLES = 20


def _operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    return operations


@pytest.mark.parametrize("role", ["staff_write", "clerk", "statistics"])
def test_generated_calls_answer_as_documented(app, world, role):
    from views.api import limiter

    _token, secret = make_api_token(world["users"][role])
    headers = {"Authorization": f"Bearer {secret}"}
    limiter.reset()
    app.config["API_RATE_LIMIT"] = "100000 per minute"
    try:
        for operation in _operations(app):

            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy())
            def call(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            call()
    finally:
        app.config["API_RATE_LIMIT"] = "300 per minute"
        limiter.reset()
