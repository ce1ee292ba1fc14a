from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("rapport/", views.report, name="report"),
    path("rapport/pdf/", views.report_pdf, name="report_pdf"),
    path("publiceren/", views.publish, name="publish"),
    path("<int:pk>/", views.published_detail, name="published_detail"),
    path("<int:pk>/pdf/", views.published_pdf, name="published_pdf"),
    path("<int:pk>/pdf-a/", views.published_pdfa, name="published_pdfa"),
    path("pdf/<int:pk>/", views.pdf_job, name="pdf_job"),
    path("pdf/<int:pk>/downloaden/", views.pdf_download, name="pdf_download"),
    path("pdf/<int:pk>/opnieuw/", views.pdf_retry_view, name="pdf_retry"),
]
