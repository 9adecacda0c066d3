from makelaar.base.models import Role
from signals.selectors import news_count_for


def signal_news(request):
    """For social workers: how many of their signals changed since they last looked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role != Role.SOCIAL_WORKER:
        return {}
    return {"signal_news": news_count_for(user)}
