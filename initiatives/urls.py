app_name = "initiatives"

# The registry's pages arrive with the initiatives issue.
urlpatterns = []
