// Starts Swagger UI on the API reference page (a file, not an inline script: the CSP forbids
// those). The document's address comes from the page.
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || !window.SwaggerUIBundle) {
    return;
  }
  window.SwaggerUIBundle({
    url: node.getAttribute("data-spec-url"),
    domNode: node,
    deepLinking: true,
    tryItOutEnabled: false,
    validatorUrl: null,
  });
}());
