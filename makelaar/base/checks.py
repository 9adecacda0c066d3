"""System checks of our own settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning


@register(Tags.security, deploy=True)
def site_url_is_https(app_configs, **kwargs):
    """Mail links to pages on SITE_URL: in production it must be the real, HTTPS address
    (the default is the development server)."""
    if settings.SITE_URL.startswith("https://"):
        return []
    return [
        CheckWarning(
            f"SITE_URL is {settings.SITE_URL!r}: links in mail lead there, unencrypted.",
            hint="Set SITE_URL to the address users reach the app at, "
            "e.g. https://makelaar.gemeente.nl (docs/deploy.md).",
            id="makelaar.W001",
        )
    ]
