from django.urls import path

from awards import views

app_name = "awards"

urlpatterns = [
    path("awards/decisions/", views.decision_list, name="decision-list"),
    path("awards/decisions/new/", views.decision_create, name="decision-create"),
    path("awards/decisions/<id:pk>/", views.decision_detail, name="decision-detail"),
    path("awards/decisions/<id:pk>/edit/", views.decision_edit, name="decision-edit"),
    path("awards/decisions/<id:pk>/delete/", views.decision_delete, name="decision-delete"),
    path("awards/decisions/<id:pk>/issue/", views.decision_issue, name="decision-issue"),
    path("awards/decisions/<id:pk>/correct/", views.decision_correct, name="decision-correct"),
    path("awards/decisions/<id:pk>/awardees/", views.awardee_add, name="awardee-add"),
    path("awards/awardees/<id:pk>/edit/", views.award_edit, name="award-edit"),
    path("awards/awardees/<id:pk>/remove/", views.award_remove, name="award-remove"),
    path("awards/funds/", views.fund_list, name="fund-list"),
    path("awards/import/", views.award_import, name="import"),
    path("awards/import/template.xlsx", views.award_import_template, name="import-template"),
]

# The decision's documents (awards/urls_documents.py).
from awards.urls_documents import urlpatterns as document_patterns  # noqa: E402

urlpatterns += document_patterns
