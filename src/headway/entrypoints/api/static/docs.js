// Starts Swagger UI on /api/docs (kept out of the HTML: the Content-Security-Policy allows no inline script).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    withCredentials: true,
    requestInterceptor: function (request) {
      // A signed-in browser session sends its CSRF token with every change, as the API requires.
      var token = window.sessionStorage.getItem("headway-csrf");
      if (token) request.headers["X-CSRF-Token"] = token;
      return request;
    },
  });
  fetch("/api/v1/auth/session", { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (body) { if (body && body.csrf_token) window.sessionStorage.setItem("headway-csrf", body.csrf_token); });
});
