from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ODataConfig(AppConfig):
    name = "koersvast.odata"
    label = "odata"
    verbose_name = _("OData-feed voor Power BI")
