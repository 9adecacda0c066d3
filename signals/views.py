from django.shortcuts import render

from makelaar.access import roles_required
from makelaar.models import Role


@roles_required(Role.SOCIAL_WORKER)
def start(request):
    """The social worker's start page: where signals will be forwarded from."""
    return render(request, "signals/start.html")
