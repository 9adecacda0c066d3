from django.core.management.base import BaseCommand, CommandError

from makelaar.base import actions
from makelaar.base.errors import DomainError
from makelaar.base.models import User


class Command(BaseCommand):
    help = (
        "Let an existing account (made with a password) sign in through single sign-on: "
        "link it to the subject (sub) the identity provider names the person by. Its "
        "initiatives, signals and history stay with it (docs/deploy.md, single sign-on)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("subject", help="the `sub` claim of the person's ID tokens")

    def handle(self, *args, username, subject, **options):
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        try:
            actions.link_sso_subject(user=user, subject=subject, by=None)
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{user.username} signs in through single sign-on as {subject}.")
