// Headway's own script: small and optional (every page works without it). No inline script anywhere: the
// Content-Security-Policy allows scripts from this site only.
document.addEventListener("DOMContentLoaded", () => {
  // A form with data-confirm asks before it is sent (deleting, signing out everywhere).
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
