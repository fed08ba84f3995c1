/* The on-device outbox: forms kept in IndexedDB while there is no signal, sent in order later.
   Used by the pages (outbox.js) and by the service worker (sw.js), so it touches no DOM.
   Each item carries the client's UUID, sent as the Idempotency-Key: a resend is applied once. */
(function (root) {
  "use strict";
  var DB = "naikkelas-outbox", STORE = "items";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode), store = tx.objectStore(STORE), result;
        var request = work(store);
        if (request) request.onsuccess = function () { result = request.result; };
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all() { return run("readonly", function (s) { return s.getAll(); }); }
  function put(item) { return run("readwrite", function (s) { return s.put(item); }); }
  function remove(seq) { return run("readwrite", function (s) { return s.delete(seq); }); }

  function uuid() {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID();
    var b = root.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function add(item) {
    item.status = "queued";
    item.createdAt = new Date().toISOString();
    return put(item);
  }

  function body(item) {
    var token = csrf();
    if (token) {
      item = Object.assign({}, item, { fields: item.fields.map(function (f) {
        return f[0] === "csrfmiddlewaretoken" ? [f[0], token] : f;
      }) });
    }
    var hasFile = item.fields.some(function (f) { return f[1] && typeof f[1] === "object"; });
    if (!hasFile && item.enctype !== "multipart/form-data") {
      var params = new URLSearchParams();
      item.fields.forEach(function (f) { params.append(f[0], f[1]); });
      return params;
    }
    var data = new FormData();
    item.fields.forEach(function (f) {
      if (f[1] && typeof f[1] === "object") data.append(f[0], f[1].blob, f[1].name);
      else data.append(f[0], f[1]);
    });
    return data;
  }

  function text(html) {
    return html.replace(/<[^>]*>/g, " ").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'")
      .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
  }

  /* The reasons a page gives for refusing a form: field errors and error messages. */
  function refusals(html) {
    var found = [], match;
    var lists = /<ul class="errorlist[^"]*"[^>]*>([\s\S]*?)<\/ul>/g;
    while ((match = lists.exec(html))) found.push(text(match[1]));
    var errors = /<li class="[^"]*\berror\b[^"]*">([\s\S]*?)<\/li>/g;
    while ((match = errors.exec(html))) found.push(text(match[1]));
    return found.filter(Boolean);
  }

  /* In a page, the current CSRF cookie (a sign-in since the form was kept changes it); the service
     worker cannot read cookies and sends the token the form had. */
  function csrf() {
    var match = root.document && /(?:^|;\s*)csrftoken=([^;]+)/.exec(root.document.cookie);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function send(item) {
    var headers = { "Idempotency-Key": item.id, "X-Requested-With": "naikkelas-outbox" }, token = csrf();
    if (token) headers["X-CSRFToken"] = token;
    return fetch(item.url, {
      method: "POST",
      body: body(item),
      credentials: "same-origin",
      headers: headers,
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      return response.text().then(function (content) {
        if (response.status >= 500) return { kind: "later" };
        if (response.status >= 400) {
          var reason = content;
          if (type.indexOf("json") >= 0) {
            try { reason = JSON.parse(content).detail || content; } catch (e) { /* keep the text */ }
          } else {
            reason = refusals(content).join(" ") || text(content).slice(0, 300);
          }
          return { kind: "refused", reason: reason || String(response.status) };
        }
        if (/\/akun\/masuk\//.test(response.url)) return { kind: "login" };
        var reasons = refusals(content);
        if (reasons.length) return { kind: "refused", reason: reasons.join(" ") };
        return { kind: "sent" };
      });
    });
  }

  var flushing = null;

  /* Send the queue in order. A refused form moves to the "to fix" list and the next one goes on; no
     signal stops the round (the rest waits, still in order). */
  function flush() {
    // One sender at a time across the pages and the service worker (a resend would be harmless, the
    // key makes it so, but two at once only contend for the same rows).
    if (root.navigator && root.navigator.locks) {
      return root.navigator.locks.request("nk-outbox", function () { return flushHere(); });
    }
    return flushHere();
  }

  function flushHere() {
    if (flushing) return flushing;
    var report = { sent: 0, refused: 0, stopped: "" };
    flushing = all().then(function (items) {
      var queued = items.filter(function (i) { return i.status === "queued"; });
      return queued.reduce(function (chain, item) {
        return chain.then(function () {
          if (report.stopped) return;
          return send(item).then(function (outcome) {
            if (outcome.kind === "sent") { report.sent += 1; return remove(item.seq); }
            if (outcome.kind === "login") { report.stopped = "login"; return; }
            if (outcome.kind === "later") return;
            report.refused += 1;
            item.status = "refused";
            item.reason = outcome.reason;
            return put(item);
          }, function () { report.stopped = "offline"; });
        });
      }, Promise.resolve());
    }).then(function () { flushing = null; return report; }, function (error) { flushing = null; throw error; });
    return flushing;
  }

  root.NKOutbox = { all: all, add: add, put: put, remove: remove, flush: flush, uuid: uuid, refusals: refusals };
})(self);
