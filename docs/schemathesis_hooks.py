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


# use_after_free takes a path template for one resource. A draft's files are named by the `path`
# *query* parameter of /v1/drafts/{id}/file, so deleting one file and then reading another is
# correct, not a use after free: the check stands for every other operation, and for that one it
# requires the same file (`path`) to be read after being deleted.
from schemathesis.checks import CHECKS as _CHECKS
from schemathesis.specs.openapi.checks import use_after_free as _builtin_use_after_free

_CHECKS.unregister("use_after_free")


@schemathesis.check
def use_after_free(ctx, response, case):
    if case.path == "/v1/drafts/{id}/file":
        for related in ctx.internals.find_related(case_id=case.id):
            if related.operation.method.lower() == "delete" and related.path == case.path \
                    and (related.query or {}).get("path") != (case.query or {}).get("path"):
                return None
    return _builtin_use_after_free(ctx, response, case)


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    """A JSON-lines body (a population for an impact job) as the document gives it: a string, sent as UTF-8."""
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return str(value).encode("utf-8", "surrogatepass")


# A 429 (with Retry-After) is the service saying "come back later": four impact jobs already
# wait or run. It is documented on the operation and is not a refusal of the request's data, so
# positive_data_acceptance — schemathesis' own otherwise — does not count it. An impact job's
# body is a population read line by line: any text is one (its unreadable lines are counted in
# the report), so negative_data_rejection does not apply to that operation.
from schemathesis.specs.openapi.checks import positive_data_acceptance as _builtin_positive
from schemathesis.specs.openapi.checks import negative_data_rejection as _builtin_negative

_CHECKS.unregister("positive_data_acceptance")
_CHECKS.unregister("negative_data_rejection")


@schemathesis.check
def positive_data_acceptance(ctx, response, case):
    if response.status_code == 429:
        return None
    return _builtin_positive(ctx, response, case)


@schemathesis.check
def negative_data_rejection(ctx, response, case):
    if case.path == "/v1/drafts/{id}/impact-jobs" and case.method.upper() == "POST":
        return None
    return _builtin_negative(ctx, response, case)
