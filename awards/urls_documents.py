"""The decision's documents (in the "awards" namespace: awards/urls.py adds these patterns)."""

from django.urls import path

from awards import views_documents as views

urlpatterns = [
    path("awards/decisions/<id:pk>/documents/", views.decision_documents, name="decision-documents"),
    path("awards/decisions/<id:pk>/draft.docx", views.decision_docx, name="decision-docx"),
    path("awards/decisions/<id:pk>/decision.pdf", views.decision_pdf, name="decision-pdf"),
    path("awards/decisions/<id:pk>/prepare-pdf/", views.decision_pdf_prepare, name="decision-pdf-prepare"),
    path("awards/decisions/<id:pk>/sign/", views.decision_sign, name="decision-sign"),
    path("awards/decisions/<id:pk>/signed-upload/", views.decision_signed_upload, name="decision-signed-upload"),
    path("awards/decisions/<id:pk>/certificates/", views.certificates_batch, name="certificates-batch"),
    path("awards/awardees/<id:pk>/certificate.pdf", views.award_certificate, name="award-certificate"),
]
