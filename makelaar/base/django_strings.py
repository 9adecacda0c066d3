"""Strings of Django itself that its Dutch catalogue lacks (Django 6.1).

Marking them here puts them in our catalogue, which Django consults first.
"""

from django.utils.translation import gettext_noop

DJANGO_STRINGS_WITHOUT_DUTCH = [
    gettext_noop("- Select an option -"),
]
