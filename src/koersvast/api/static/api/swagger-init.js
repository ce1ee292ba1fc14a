// Starts Swagger UI on /api/v1/docs from a file of our own origin: the site's Content Security
// Policy allows no inline script. The document's address is a data attribute of the page.
"use strict";

(function () {
  const root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  window.ui = SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "BaseLayout",
    deepLinking: true,
    docExpansion: "none",
    persistAuthorization: false,
  });
})();
