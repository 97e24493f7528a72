"""Checks that read docs/openapi.yaml more closely than schemathesis' own (see schemathesis.toml)."""
import schemathesis
from schemathesis.specs.openapi.checks import is_unexpected_http_status_case

# What schemathesis' positive_data_acceptance takes as "accepted": a refusal for credentials, a
# missing resource, a conflict with the state of the service (a draft that does not check), a
# rate limit; a server error is not_a_server_error's to report.
_NOT_ABOUT_THE_DATA = {401, 403, 404, 409, 429}


@schemathesis.check
def accepted_unless_documented(ctx, response, case):
    """A request that matches the document is accepted, or refused (422) only with a code the
    operation lists in `x-refused-beyond-schema`."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or is_unexpected_http_status_case(case):
        return None
    status = response.status_code
    if status < 400 or status >= 500 or status in _NOT_ABOUT_THE_DATA:
        return None
    documented = case.operation.definition.raw.get("x-refused-beyond-schema", [])
    code = None
    try:
        code = response.json()["error"]["code"]
    except Exception:
        pass
    if status == 422 and code in documented:
        return None
    raise AssertionError(
        f"A request that matches the document was refused: {status} {code or '(no error code)'}"
        + (f"; this operation documents only {', '.join(documented)} beyond its schema" if documented else "")
    )
