// draaiboek bekijk: laad deze pagina opnieuw zodra de sessie verandert.
// The server sends one "vernieuw" event when it has a rendering newer than
// the version this page was made from (data-versie on this script's tag).
(function () {
  "use strict";
  var tag = document.currentScript;
  var versie = (tag && tag.getAttribute("data-versie")) || "0";
  var bron = new EventSource("/_bekijk/gebeurtenissen?versie=" + encodeURIComponent(versie));
  bron.addEventListener("vernieuw", function () {
    bron.close();
    window.location.reload();
  });
})();
