"""A password rule beside Django's own (settings.AUTH_PASSWORD_VALIDATORS)."""

import re

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Dutch words people reach for first, some of them this product's own.
COMMON_DUTCH_WORDS = frozenset(
    {
        "wachtwoord",
        "welkom",
        "welkom01",
        "geheim",
        "inloggen",
        "gebruiker",
        "beheerder",
        "makelaar",
        "sociaalmakelaar",
        "sociaal",
        "gemeente",
        "gouda",
        "voorjaar",
        "zomer",
        "najaar",
        "herfst",
        "winter",
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    }
)

# Digits, punctuation and spaces people put around a word to pass a length rule.
_PADDING = re.compile(r"^[\W\d_]+|[\W\d_]+$")


class CommonWordValidator:
    """Refuse a common password or Dutch word, also when padded with digits or signs.

    Django's list of common passwords holds mostly short ones, which the minimum length
    refuses anyway; "wachtwoord123" or "Welkom2025!" pass both. Here the padding is
    taken off and the word that remains is checked against that list and a few Dutch
    words (ASVS 5.0, 6.2.4: check against common passwords that fit the policy).
    """

    def __init__(self):
        self.common = CommonPasswordValidator().passwords | COMMON_DUTCH_WORDS

    def validate(self, password, user=None):
        word = _PADDING.sub("", password.strip().lower())
        if word and word in self.common:
            raise ValidationError(
                _("This password is a common word, perhaps with a few digits or signs added."),
                code="password_common_word",
            )

    def get_help_text(self):
        return _("Your password cannot be a common word, with or without digits or signs added.")
