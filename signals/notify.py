"""Mail to a signal's sender when a makelaar asks them something, sent by the task
worker. Its own module: the actions enqueue it, and signals.tasks imports the actions."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from makelaar.base.mail import site_url
from signals.models import Signal


@task
def mail_question(signal_id: int) -> bool:
    """Tell a signal's sender that a makelaar asked them a question about it: a link to
    the signal's page, where they read and answer it (the question itself stays in the
    app). Nothing when they replied already or have no address."""
    signal = Signal.objects.select_related("sender", "theme", "neighbourhood").get(pk=signal_id)
    if not (signal.is_waiting_for_sender and signal.sender.email):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            subject=_("A makelaar has a question about your signal"),
            message="\n".join(
                [
                    _("A makelaar asked you a question about your signal “%(signal)s”.")
                    % {"signal": signal},
                    _("Until you reply, the signal waits for you."),
                    "",
                    _("Read and answer it here: %(url)s")
                    % {"url": site_url("signals:sent_detail", signal.pk)},
                ]
            ),
            from_email=None,
            recipient_list=[signal.sender.email],
        )
    return True
