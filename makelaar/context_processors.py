from django.urls import reverse

from makelaar.navigation import MENU


def navigation(request):
    """The header menu for the signed-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    current = request.path
    items = []
    for url_name, label in MENU.get(user.role, []):
        url = reverse(url_name)
        items.append({"url": url, "label": label, "current": current.startswith(url)})
    return {"menu": items}
