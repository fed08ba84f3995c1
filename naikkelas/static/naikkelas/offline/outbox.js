/* The page half of working without signal: forms that carry a client key (`client_id`) go into the
   on-device outbox when there is no signal; the panel shows what waits and what needs fixing.
   Texts come from the panel's data attributes, rendered by the server in the user's language. */
(function () {
  "use strict";
  var panel = document.getElementById("outbox");
  if (!panel || !window.indexedDB || !window.NKOutbox) return;
  var O = window.NKOutbox, t = panel.dataset;
  var count = document.getElementById("outbox-count");
  var note = document.getElementById("outbox-note");
  var fixBox = document.getElementById("outbox-fix");
  var fixList = document.getElementById("outbox-fix-list");

  function say(message) { note.textContent = message; note.hidden = !message; }

  function render() {
    return O.all().then(function (items) {
      var queued = items.filter(function (i) { return i.status === "queued"; });
      var refused = items.filter(function (i) { return i.status === "refused"; });
      count.textContent = t.counter.replace("#", queued.length);
      document.getElementById("outbox-queue").hidden = !queued.length;
      fixList.textContent = "";
      refused.forEach(function (item) {
        var li = document.createElement("li"), title = document.createElement("strong");
        var reason = document.createElement("p"), open = document.createElement("a");
        var drop = document.createElement("button");
        li.className = "outbox-refused";
        title.textContent = item.title;
        reason.className = "outbox-reason";
        reason.textContent = item.reason;
        open.href = item.page || item.url;
        open.textContent = t.open;
        drop.type = "button";
        drop.className = "secondary";
        drop.textContent = t.drop;
        drop.addEventListener("click", function () { O.remove(item.seq).then(render); });
        li.append(title, reason, open, " ", drop);
        fixList.append(li);
      });
      fixBox.hidden = !refused.length;
      panel.hidden = !items.length && note.hidden;
      return items;
    });
  }

  function flush() {
    if (!navigator.onLine) { say(t.offline); return render(); }
    say(t.sending);
    return O.flush().then(function (report) {
      var parts = [];
      if (report.sent) parts.push(t.sent.replace("#", report.sent));
      if (report.refused) parts.push(t.refused.replace("#", report.refused));
      if (report.stopped === "login") parts.push(t.login);
      if (report.stopped === "offline") parts.push(t.offline);
      say(parts.join(" "));
      return render();
    });
  }

  function fields(form, submitter) {
    var data = new FormData(form, submitter), out = [];
    data.forEach(function (value, name) {
      if (typeof value === "string") out.push([name, value]);
      else if (value.size) out.push([name, { blob: value, name: value.name, type: value.type }]);
    });
    return out;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target, key = form.querySelector("input[name=client_id]");
    if (!key || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
    if (!key.value) key.value = O.uuid();
    if (navigator.onLine) return; // sent at once, still carrying its key: a double tap is applied once
    event.preventDefault();
    event.stopImmediatePropagation(); // nor may htmx (hx-post) try the network
    var heading = document.querySelector("main h1");
    var item = {
      id: key.value,
      // Attributes, not properties: a field named "action" (the reply form's buttons) hides form.action.
      url: new URL(form.getAttribute("action") || location.href, location.href).href,
      page: location.pathname + location.search,
      enctype: (form.getAttribute("enctype") || "").toLowerCase(),
      title: (heading ? heading.textContent.trim() : document.title) + " · " + new Date().toLocaleString(),
      fields: fields(form, event.submitter),
    };
    key.value = "";
    O.add(item).then(function () {
      form.reset();
      say(t.queued);
      if (navigator.serviceWorker && navigator.serviceWorker.ready) {
        navigator.serviceWorker.ready.then(function (reg) {
          if (reg.sync) return reg.sync.register("nk-outbox");
        }).catch(function () { /* no Background Sync: the next page load or the button sends it */ });
      }
      return render();
    });
  }, true);

  function exportAll() {
    O.all().then(function (items) {
      return Promise.all(items.map(function (item) {
        return Promise.all(item.fields.map(function (f) {
          if (!f[1] || typeof f[1] !== "object") return f;
          return new Promise(function (resolve) {
            var reader = new FileReader();
            reader.onload = function () { resolve([f[0], { name: f[1].name, data: reader.result }]); };
            reader.readAsDataURL(f[1].blob);
          });
        })).then(function (plain) {
          return { id: item.id, url: item.url, title: item.title, status: item.status,
                   reason: item.reason || "", createdAt: item.createdAt, fields: plain };
        });
      }));
    }).then(function (items) {
      var blob = new Blob([JSON.stringify({ exported: new Date().toISOString(), items: items }, null, 2)],
                          { type: "application/json" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "naikkelas-outbox-" + new Date().toISOString().slice(0, 10) + ".json";
      document.body.append(link);
      link.click();
      link.remove();
    });
  }

  document.getElementById("outbox-send").addEventListener("click", flush);
  document.getElementById("outbox-export").addEventListener("click", exportAll);
  window.addEventListener("online", flush);
  window.addEventListener("offline", function () { say(t.offline); render(); });

  if ("serviceWorker" in navigator && t.worker) {
    navigator.serviceWorker.register(t.worker, { scope: "/" }).catch(function () { /* pages still work */ });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "outbox-changed") render();
    });
  }

  // Keep this user's field pages on the phone (at most every half hour).
  var pagesUrl = t.pages, last = Number(localStorage.getItem("nk-pages-at") || 0);
  if (pagesUrl && navigator.onLine && window.caches && Date.now() - last > 30 * 60 * 1000) {
    // Redirects are never followed: a page that sends elsewhere (to the second-step page of an admin
    // who has not finished signing in, say) is not kept, and that page is not asked for behind her back.
    fetch(pagesUrl, { credentials: "same-origin", redirect: "manual" }).then(function (r) {
      if (!r.ok) throw new Error("no list");
      return r.json();
    }).then(function (data) {
      return caches.open("nk-pages-v1").then(function (cache) {
        // One page after another: a phone on a weak signal (and a small server) is not flooded.
        return data.pages.reduce(function (chain, page) {
          return chain.then(function () {
            return fetch(page, { credentials: "same-origin", redirect: "manual" }).then(function (response) {
              if (response.ok && response.type === "basic") return cache.put(page, response);
            }).catch(function () {});
          });
        }, Promise.resolve());
      });
    }).then(function () { localStorage.setItem("nk-pages-at", String(Date.now())); }).catch(function () {});
  }
  // Signing out forgets the pages kept for this user (the outbox stays: it holds unsent work).
  document.querySelectorAll("form[action$='/akun/keluar/']").forEach(function (form) {
    form.addEventListener("submit", function () {
      localStorage.removeItem("nk-pages-at");
      if (window.caches) caches.delete("nk-pages-v1");
    });
  });

  render().then(function (items) {
    if (items.some(function (i) { return i.status === "queued"; }) && navigator.onLine) flush();
  });
})();
