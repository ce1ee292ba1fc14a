"""The interactive API documentation (Swagger UI), within the site's Content Security Policy.

drf-spectacular's page starts Swagger UI with an inline script, which our CSP (`script-src
'self'`, no inline script anywhere) blocks: the page stayed blank. Here the page only loads
files of our own origin; `api/swagger-init.js` reads the document's address from the page.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.request import Request
from rest_framework.response import Response


class DocsView(SpectacularSwaggerView):
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
    title = "Koersvast API"

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(
            data={
                "title": self.title,
                "swagger_ui_css": self._swagger_ui_resource("swagger-ui.css"),
                "swagger_ui_bundle": self._swagger_ui_resource("swagger-ui-bundle.js"),
                "swagger_ui_standalone": self._swagger_ui_resource(
                    "swagger-ui-standalone-preset.js"
                ),
                "favicon_href": self._swagger_ui_favicon(),
                "schema_url": self._get_schema_url(request),
            },
            template_name=self.template_name,
        )
