from django.urls import include, path

app_name = "campaigns"

urlpatterns = [
    path("", include("campaigns.urls_campaigns")),
    path("", include("campaigns.urls_duties")),
    path("", include("campaigns.urls_registrations")),
    path("", include("campaigns.urls_exemplars")),
]
