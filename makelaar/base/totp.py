"""Time-based one-time codes (TOTP, RFC 6238) for the second login step.

A user's secret (base32, in User.totp_secret) is shared once with their authenticator
app through a QR code; from then on both compute the same 6-digit code every 30
seconds. A code is accepted for the time step before and after the current one (clocks
drift), and never twice: the time step of each accepted code is kept in the audit entry
that records it, and a later code must come from a later step.
"""

import hmac
import time

import pyotp
import segno
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from makelaar.base.audit_verbs import TWO_FACTOR_CODE_VERBS
from makelaar.base.models import AuditEntry

DIGITS = 6
INTERVAL = 30
#: Time steps either side of the current one a code may come from (pyotp's valid_window).
VALID_WINDOW = 1


def new_secret() -> str:
    """160 random bits in base32, as RFC 4226 recommends."""
    return pyotp.random_base32(32)


def current_time_step(for_time: float | None = None) -> int:
    return int(time.time() if for_time is None else for_time) // INTERVAL


def code_at(secret: str, time_step: int) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL).generate_otp(time_step)


def matching_time_step(secret: str, code: str, *, after: int | None = None) -> int | None:
    """The time step `code` belongs to, within the window around now and later than
    `after` (the last step used); None when it does not match."""
    code = "".join(code.split())
    if not secret or len(code) != DIGITS or not code.isdigit():
        return None
    now = current_time_step()
    for step in range(now - VALID_WINDOW, now + VALID_WINDOW + 1):
        matched = hmac.compare_digest(code_at(secret, step), code)  # constant time
        if matched and (after is None or step > after):
            return step
    return None


def last_used_time_step(user) -> int | None:
    """The time step of the last code this user had accepted, from the audit log."""
    after = (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(user, for_concrete_model=False),
            object_id=str(user.pk),
            verb__in=TWO_FACTOR_CODE_VERBS,
        )
        .order_by("-id")
        .values_list("after", flat=True)
        .first()
    )
    return (after or {}).get("time_step")


def provisioning_uri(secret: str, user) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL).provisioning_uri(
        name=user.username, issuer_name=settings.TWO_FACTOR_ISSUER
    )


def qr_data_uri(secret: str, user) -> str:
    """The QR code an authenticator app scans, as an SVG data URI for an <img>
    (the Content-Security-Policy allows data: images, never inline scripts)."""
    return segno.make(provisioning_uri(secret, user), error="m").svg_data_uri(scale=5, border=2)


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing it into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
