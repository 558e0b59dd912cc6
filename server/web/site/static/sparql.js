// The query UI: YASGUI on this server's endpoint, with the examples of queries/*.rq, and no request to any other
// host (YASQE's class and property autocompleters ask an outside vocabulary service: they are removed before the
// editor is made; the prefix autocompleter reads this server's prefixes instead of an outside list).
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  if (!root || typeof Yasgui === "undefined") return;
  var endpoint = root.getAttribute("data-endpoint");
  var Yasqe = Yasgui.Yasqe;
  ["class", "property"].forEach(function (name) { delete Yasqe.Autocompleters[name]; });
  Yasqe.defaults.autocompleters = Yasqe.defaults.autocompleters.filter(function (name) {
    return name !== "class" && name !== "property";
  });
  Yasqe.defaults.prefixCcApi = endpoint.replace(/\/sparql$/, "/sparql/prefixes.json");
  Yasqe.defaults.value = "PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>\n" +
    "PREFIX dv: <https://w3id.org/depesha/vocab#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
    "SELECT ?doc ?date ?title WHERE {\n  ?doc a crm:E31_Document ; rdfs:label ?title .\n" +
    "  OPTIONAL { ?doc dv:date ?date }\n} ORDER BY ?date LIMIT 20";
  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    autoAddOnInit: false,
    persistenceId: "depesha-sparql",
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    yasqe: { prefixCcApi: Yasqe.defaults.prefixCcApi }
  });
  var examples = Array.prototype.slice.call(document.querySelectorAll("a.example"));
  function open(link, active) {
    return yasgui.addTab(active, {
      name: link.getAttribute("data-title"),
      yasqe: { value: link.getAttribute("data-query") },
      requestConfig: { endpoint: endpoint }
    }, { avoidDuplicateTabs: true });
  }
  if (yasgui.persistentConfig.getTabs().length === 0) {
    if (examples.length) {
      open(examples[0], true);
    } else {
      yasgui.addTab(true, { requestConfig: { endpoint: endpoint } });
    }
  }
  examples.forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      open(link, true);
    });
  });
  window.depeshaYasgui = yasgui;
})();
