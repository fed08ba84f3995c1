// Copy buttons of shared links (_share.html). Without JavaScript the link stays in a read-only box to
// copy by hand and the WhatsApp button still works; with it, "Salin tautan" copies in one tap.
(function () {
  if (window.naikkelasShare) return;
  window.naikkelasShare = true;
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    document.querySelectorAll("[data-share]").forEach(function (box) {
      var button = box.querySelector("[data-copy]");
      var done = box.querySelector("[data-copied]");
      var field = box.querySelector(".share-url");
      if (!button) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = button.getAttribute("data-copy");
        var shown = function () { if (done) done.hidden = false; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(shown, function () { field.select(); document.execCommand("copy"); shown(); });
        } else {
          field.select();
          document.execCommand("copy");
          shown();
        }
      });
    });
  });
})();
