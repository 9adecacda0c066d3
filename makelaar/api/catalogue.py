"""Django's own Dutch where Django REST Framework's catalogue words it otherwise.

DRF is an installed app, and installed apps' catalogues are consulted before Django's
own: without these, every form of the site would say "Dit veld is vereist." instead of
Django's "Dit veld is verplicht.". Marked here, they are in our catalogue
(locale/nl/LC_MESSAGES/django.po, with Django's words), which is consulted first.
"""

from django.utils.translation import gettext_noop

DJANGO_WORDING = [
    gettext_noop("This field is required."),
    gettext_noop("No file was submitted."),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
    gettext_noop("Value must be valid JSON."),
]
