"""Links in mail: absolute, on the site's address (settings.SITE_URL), as a mail client
has no page to resolve a path against."""

from django.conf import settings
from django.urls import reverse


def site_url(viewname: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(viewname, args=args)
