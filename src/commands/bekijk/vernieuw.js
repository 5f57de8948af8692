// draaiboek bekijk: werk deze pagina bij zodra de sessie verandert.
// The server sends a "vernieuw" event for every rendering newer than the one
// this page shows (data-versie on this script's tag). The page then fetches
// itself again and swaps in the new document, keeping this script and the
// scroll position; if that fails, it reloads. A hidden tab lets go of its
// connection (browsers allow only a few per server) and catches up when seen.
(function () {
  "use strict";
  if (window.draaiboekBekijk) {
    return;
  }
  window.draaiboekBekijk = true;
  var tag = document.currentScript;
  var versie = (tag && tag.getAttribute("data-versie")) || "0";
  var bron = null;

  function werkBij(e) {
    var nieuw = e.data;
    versie = nieuw;
    fetch(window.location.href, { cache: "no-store" })
      .then(function (antwoord) {
        return antwoord.text();
      })
      .then(function (html) {
        if (nieuw !== versie) {
          return; // a newer rendering is already on its way
        }
        var doc = new DOMParser().parseFromString(html, "text/html");
        var x = window.scrollX;
        var y = window.scrollY;
        document.documentElement.replaceWith(document.adoptNode(doc.documentElement));
        window.scrollTo(x, y);
      })
      .catch(function () {
        window.location.reload();
      });
  }

  function verbind() {
    bron = new EventSource("/_bekijk/gebeurtenissen?versie=" + encodeURIComponent(versie));
    bron.addEventListener("vernieuw", werkBij);
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden && bron) {
      bron.close();
      bron = null;
    } else if (!document.hidden && !bron) {
      verbind();
    }
  });
  if (!document.hidden) {
    verbind();
  }
})();
