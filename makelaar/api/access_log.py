"""Every call to the API writes a row in its access log, refused ones included."""

from functools import wraps

from makelaar.api.models import ApiAccess
from makelaar.base.access import public
from makelaar.base.auth import client_ip


def _log(request, status: int) -> None:
    ApiAccess.objects.create(
        client=getattr(request, "api_client", None),
        method=request.method[:10],
        path=request.get_full_path()[:500],
        status=status,
        client_address=client_ip(request),
    )


def logged_endpoint(view):
    """An API view, open to the world as far as the site's login and role rules go
    (`public`): its own authentication refuses a call without a valid token (401) or
    scope (403). Each call is logged with the client its token named, if any."""

    @wraps(view)
    def endpoint(request, *args, **kwargs):
        request.api_client = None  # set by the authentication when the token names one
        try:
            response = view(request, *args, **kwargs)
        except Exception:
            _log(request, 500)
            raise
        _log(request, response.status_code)
        return response

    return public(endpoint)
