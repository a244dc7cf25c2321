// Live reload for `isp-recap preview`: the server sends `reload` when an input of the page changed.
(function () {
  "use strict";
  var me = document.currentScript;
  var edition = me.getAttribute("data-edition");
  var version = me.getAttribute("data-version");
  var bar = document.getElementById("isp-preview-bar");
  var key = "isp-preview-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {  // keep the reader where they were across a reload
    sessionStorage.removeItem(key);
    window.scrollTo(0, Number(saved));
  }
  var source = new EventSource("/_preview/events?edition=" + encodeURIComponent(edition) +
                               "&version=" + encodeURIComponent(version));
  source.addEventListener("reload", function () {
    source.close();
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
  source.onopen = function () { if (bar) bar.classList.remove("isp-preview-offline"); };
  source.onerror = function () { if (bar) bar.classList.add("isp-preview-offline"); };
})();
