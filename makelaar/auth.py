from django.contrib.auth import backends, get_user_model


class ModelBackend(backends.ModelBackend):
    """Django's backend, loading the user's team with the user: every page needs it."""

    def get_user(self, user_id):
        try:
            user = get_user_model()._default_manager.select_related("team").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
