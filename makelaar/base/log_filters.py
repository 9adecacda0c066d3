"""Log filters named in settings.LOGGING."""

import logging

from django.core.exceptions import PermissionDenied


class OneLineDenial(logging.Filter):
    """A refused request (PermissionDenied → 403) is an ordinary event, not a fault:
    one line with method, path and user id instead of Django's full traceback."""

    def filter(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, PermissionDenied):
            request = getattr(record, "request", None)
            user = getattr(request, "user", None)
            user_id = user.pk if user is not None and user.is_authenticated else "anonymous"
            record.msg = "Forbidden: %s %s (user %s)"
            record.args = (
                getattr(request, "method", "?"),
                getattr(request, "path", "?"),
                user_id,
            )
            record.exc_info = record.exc_text = None
        return True
