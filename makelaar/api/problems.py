"""Errors as application/problem+json (RFC 9457), as the NL API Design Rules ask:
type, title, status and detail, whatever went wrong."""

from http import HTTPStatus

from django.http import JsonResponse
from rest_framework.views import exception_handler

PROBLEM = "application/problem+json"


def problem(status: int, detail: str) -> dict:
    return {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": str(detail),
    }


def _detail(data) -> str:
    """DRF's detail: a message, or (a 400) messages per parameter."""
    if isinstance(data, dict) and "detail" in data:
        return str(data["detail"])
    if isinstance(data, dict):
        return "; ".join(
            f"{key}: {' '.join(map(str, value if isinstance(value, list) else [value]))}"
            for key, value in data.items()
        )
    if isinstance(data, list):
        return " ".join(map(str, data))
    return str(data)


def problem_handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None  # a 500: Django's own handling (logged, mailed)
    response.data = problem(response.status_code, _detail(response.data))
    response.content_type = PROBLEM
    return response


def problem_response(status: int, detail: str) -> JsonResponse:
    """The same shape outside DRF (a path under /api/v1/ that names no endpoint)."""
    return JsonResponse(problem(status, detail), status=status, content_type=PROBLEM)
