"""The award ledger's public pages (no login): the verification page of a certificate's QR code and
the honour board. Included from config/urls.py."""

from django.urls import path

from awards import public

app_name = "awards_public"

urlpatterns = [
    path("xac-minh/<slug:token>/", public.verify, name="verify"),
    path("cong-khai/bang-vang/", public.honour_board, name="honour-board"),
]
