"""Routes of the bloc pages (namespace "blocs", under /blocs/): set-up (views/setup.py), scores and
ranking (views/scores.py), the review and the exports (views/review.py)."""

from django.urls import path

from blocs.views import review, scores, setup

app_name = "blocs"

urlpatterns = [
    path("", setup.bloc_list, name="list"),
    path("new/", setup.bloc_create, name="create"),
    path("<id:pk>/", setup.bloc_detail, name="detail"),
    path("<id:pk>/edit/", setup.bloc_edit, name="edit"),
    path("<id:pk>/members/", setup.members, name="members"),
    path("<id:pk>/members/<id:member>/remove/", setup.member_remove, name="member-remove"),
    path("<id:pk>/bands/", setup.bands, name="bands"),
    path("<id:pk>/sheet/", setup.sheet, name="sheet"),
    path("<id:pk>/sheet/copy/", setup.sheet_copy, name="sheet-copy"),
    path("<id:pk>/open/", setup.scoring_open, name="open"),
    path("<id:pk>/back-to-setup/", setup.setup_reopen, name="setup-reopen"),
    path("<id:pk>/scores/<id:member>/", scores.member_scores, name="scores"),
    path("<id:pk>/ranking/", scores.ranking, name="ranking"),
    path("<id:pk>/scores.xlsx", review.scores_export, name="scores-export"),
    path("<id:pk>/ranking.pdf", review.ranking_pdf, name="ranking-pdf"),
    path("<id:pk>/review/", review.review, name="review"),
    path("<id:pk>/review/reopen/", review.review_reopen, name="review-reopen"),
]
