// Swagger UI over the server's own OpenAPI document; everything comes from this server (no outside resources).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    withCredentials: true
  });
});
