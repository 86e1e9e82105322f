// Chat page: sends the user's message to /api/chat and shows the replies with their buttons and sources.
// Everything is rendered as text (textContent); links are made only for http(s) addresses. No inline script, no eval.
(function () {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("message");
  const sendButton = document.getElementById("send");
  const errorBox = document.getElementById("error");
  const statusBox = document.getElementById("status");
  const roleButtons = Array.prototype.slice.call(document.querySelectorAll(".role-button"));
  const STORAGE_KEY = "afwezig-op-school-session";
  const ROLE_KEY = STORAGE_KEY + "-role";

  // In the widget's panel (?embed=1) the page is compact: the panel's bar names the service.
  if (new URLSearchParams(window.location.search).has("embed")) { document.body.classList.add("embedded"); }

  let sessionId = localStorage.getItem(STORAGE_KEY);
  let role = localStorage.getItem(ROLE_KEY) || "";

  // -- small helpers --------------------------------------------------------------------------------------------
  function showError(text, retry) {
    errorBox.textContent = text;
    errorBox.hidden = !text;
    if (text && retry) {
      const again = document.createElement("button");
      again.type = "button";
      again.id = "retry";
      again.textContent = "Opnieuw proberen";
      again.addEventListener("click", retry);
      errorBox.appendChild(document.createTextNode(" "));
      errorBox.appendChild(again);
    }
  }

  function showStatus(text) {
    statusBox.textContent = text;
  }

  function showTyping(on) {
    const old = document.getElementById("typing");
    if (old) { old.remove(); }
    log.setAttribute("aria-busy", on ? "true" : "false");
    if (on) {
      const div = document.createElement("div");
      div.id = "typing";
      div.className = "msg typing";
      div.setAttribute("aria-hidden", "true");
      div.textContent = "De assistent typt…";
      log.appendChild(div);
      log.scrollTop = log.scrollHeight;
    }
  }

  function setRole(value) {
    role = value || "";
    localStorage.setItem(ROLE_KEY, role);
    roleButtons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.role === role)); });
  }

  // Text with its web addresses as safe links: only http(s), opened in a new tab without access to this page.
  const URL_PATTERN = /\b(https?:\/\/[^\s<>"')]+|www\.[^\s<>"')]+)/gi;

  function appendText(parent, text) {
    let last = 0;
    text.replace(URL_PATTERN, function (match, _url, offset) {
      const address = match.replace(/[.,;:!?]+$/, "");
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      let href = address.toLowerCase().indexOf("www.") === 0 ? "https://" + address : address;
      let url = null;
      try { url = new URL(href); } catch (e) { url = null; }
      if (url && (url.protocol === "http:" || url.protocol === "https:")) {
        const a = document.createElement("a");
        a.href = url.href;
        a.rel = "noopener noreferrer";
        a.target = "_blank";
        a.textContent = address;
        parent.appendChild(a);
      } else {
        parent.appendChild(document.createTextNode(address));
      }
      last = offset + address.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function addMessage(kind, text) {
    const div = document.createElement("div");
    div.className = "msg " + kind;
    const label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = kind === "user" ? "Jij: " : "Assistent: ";
    div.appendChild(label);
    const body = document.createElement("div");
    body.className = "text";
    appendText(body, text);
    div.appendChild(body);
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  // -- a reply: text, buttons, sources, feedback ----------------------------------------------------------------
  function addSources(div, sources) {
    const details = document.createElement("details");
    details.className = "sources";
    const summary = document.createElement("summary");
    summary.textContent = sources.length === 1 ? "Bron" : "Bronnen (" + sources.length + ")";
    details.appendChild(summary);
    const ul = document.createElement("ul");
    sources.forEach(function (s) {
      const li = document.createElement("li");
      li.textContent = s.title + " (draaiboek, " + s.section + ")";
      ul.appendChild(li);
    });
    details.appendChild(ul);
    div.appendChild(details);
  }

  function addFeedback(div, sources) {
    const box = document.createElement("div");
    box.className = "feedback";
    const question = document.createElement("span");
    question.textContent = "Had je hier iets aan?";
    box.appendChild(question);
    // A thumb drawn as an icon (no emoji font needed) with its word beside it.
    [["up", "Ja", "Ja, nuttig"], ["down", "Nee", "Nee, niet nuttig"]].forEach(function (choice) {
      const btn = document.createElement("button");
      btn.type = "button";
      btn.className = "thumb";
      btn.dataset.rating = choice[0];
      btn.setAttribute("aria-label", choice[2]);
      btn.title = choice[2];
      btn.appendChild(thumbIcon(choice[0] === "down"));
      btn.appendChild(document.createTextNode(" " + choice[1]));
      btn.addEventListener("click", function () { askComment(box, choice[0], sources); });
      box.appendChild(btn);
    });
    div.appendChild(box);
  }

  // The thumb of Material Icons (Apache License 2.0), turned over for "down".
  const THUMB = "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 " +
    "7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z";

  function thumbIcon(down) {
    const NS = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS(NS, "path");
    path.setAttribute("d", THUMB);
    path.setAttribute("fill", "currentColor");
    if (down) { path.setAttribute("transform", "rotate(180 12 12)"); }
    svg.appendChild(path);
    return svg;
  }

  function askComment(box, rating, sources) {
    box.textContent = "";
    const id = "comment-" + Math.random().toString(36).slice(2);
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = rating === "up" ? "Fijn! Wil je nog iets kwijt? (mag leeg)" : "Jammer. Wat ontbrak er? (mag leeg)";
    const field = document.createElement("input");
    field.type = "text";
    field.id = id;
    field.maxLength = 500;
    const submit = document.createElement("button");
    submit.type = "button";
    submit.textContent = "Verstuur reactie";
    submit.addEventListener("click", function () { sendFeedback(box, rating, field.value, sources); });
    field.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); submit.click(); }
    });
    box.appendChild(label);
    box.appendChild(field);
    box.appendChild(submit);
    field.focus();
  }

  async function sendFeedback(box, rating, comment, sources) {
    const body = {
      session_id: sessionId,
      rating: rating,
      comment: comment.trim() || null,
      sections: sources.map(function (s) { return s.section; }).slice(0, 10),
    };
    try {
      const response = await fetch("/api/v1/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!response.ok) { throw new Error(String(response.status)); }
      box.textContent = "Bedankt voor je reactie.";
      showStatus("Bedankt voor je reactie.");
    } catch (e) {
      showStatus("Je reactie kon niet verstuurd worden. Probeer het later opnieuw.");
    }
  }

  function addReply(reply, withFeedback) {
    const div = addMessage("bot", reply.text);
    if (reply.buttons && reply.buttons.length) {
      const row = document.createElement("div");
      row.className = "buttons";
      reply.buttons.forEach(function (b) {
        const btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.title;
        btn.addEventListener("click", function () { send(b.payload, b.title); });
        row.appendChild(btn);
      });
      div.appendChild(row);
    }
    if (reply.sources && reply.sources.length) {
      addSources(div, reply.sources);
      if (withFeedback) { addFeedback(div, reply.sources); }
    }
  }

  // -- talking to the API ---------------------------------------------------------------------------------------
  async function post(message) {
    const body = { session_id: sessionId, message: message, role: role || null };
    const response = await fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    return { status: response.status, data: data };
  }

  function forgetSession() {
    sessionId = null;
    localStorage.removeItem(STORAGE_KEY);
  }

  async function send(message, shownText) {
    showError("");
    sendButton.disabled = true;
    showTyping(true);
    const retry = function () {
      send(message, shownText).then(function (ok) { if (ok && !shownText) { input.value = ""; } input.focus(); });
    };
    try {
      let result = await post(message);
      if (result.status === 404 && sessionId) {
        // The conversation is unknown to the server: start a new one and resend.
        forgetSession();
        result = await post(message);
      }
      if (result.status !== 200 || !result.data) {
        const detail = (result.data && result.data.detail) || "Er liep iets mis.";
        // A message the server refuses (422, 413) is not sent again as it is; the rest can be retried.
        showError(typeof detail === "string" ? detail : "Er liep iets mis.",
          result.status >= 500 || result.status === 429 ? retry : null);
        return false;
      }
      addMessage("user", shownText || message);
      sessionId = result.data.session_id;
      localStorage.setItem(STORAGE_KEY, sessionId);
      result.data.replies.forEach(function (reply) { addReply(reply, true); });
      return true;
    } catch (e) {
      showError("De assistent is niet bereikbaar. Controleer je verbinding en probeer opnieuw.", retry);
      return false;
    } finally {
      showTyping(false);
      sendButton.disabled = false;
    }
  }

  // The conversation so far, from the server (a reload keeps it).
  async function restore() {
    if (!sessionId) { return; }
    try {
      const response = await fetch("/api/v1/sessions/" + encodeURIComponent(sessionId) + "/history");
      if (response.status === 404) { forgetSession(); return; }
      if (!response.ok) { throw new Error(String(response.status)); }
      const data = await response.json();
      if (data.role && !role) { setRole(data.role); }
      data.messages.forEach(function (m) {
        if (m.sender === "user") { addMessage("user", m.text); } else { addReply(m, false); }
      });
    } catch (e) {
      showError("Je eerdere gesprek kon niet geladen worden. Je kan gewoon verder vragen.");
    }
  }

  // -- the case summary: copy and print -------------------------------------------------------------------------
  async function summaryText() {
    if (!sessionId) { return null; }
    const response = await fetch("/api/v1/sessions/" + encodeURIComponent(sessionId) + "/summary");
    if (!response.ok) { throw new Error(String(response.status)); }
    const data = await response.json();
    return data.empty ? null : data.text;
  }

  async function copySummary() {
    showStatus("");
    let text = null;
    try { text = await summaryText(); } catch (e) {
      showStatus("De samenvatting kon niet opgehaald worden. Probeer het zo meteen opnieuw.");
      return;
    }
    if (!text) {
      showStatus("Er is nog geen samenvatting: stel eerst een vraag over een leerling.");
      return;
    }
    try {
      await navigator.clipboard.writeText(text);
      showStatus("De samenvatting staat op het klembord. Plak ze waar je wil.");
    } catch (e) {
      // No clipboard access (an older browser, or no permission): show the text to copy by hand.
      const div = addMessage("bot", text);
      div.classList.add("summary");
      showStatus("Kopiëren lukte niet. De samenvatting staat in het gesprek; selecteer en kopieer ze zelf.");
    }
  }

  // Printing shows every source: open them for the print, close them again afterwards.
  let opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(log.querySelectorAll("details"), function (d) { return !d.open; });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  // -- events ---------------------------------------------------------------------------------------------------
  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      showError("Typ eerst een vraag.");
      input.focus();
      return;
    }
    if (await send(text)) {
      input.value = "";  // only cleared once the message arrived: nothing typed is lost
    }
    input.focus();
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  roleButtons.forEach(function (button) {
    button.addEventListener("click", async function () {
      setRole(button.dataset.role);
      // Saying who you are is a message too: the assistant answers with questions that fit the role.
      await send(button.textContent, button.textContent);
      input.focus();
    });
  });

  document.getElementById("copy-summary").addEventListener("click", copySummary);
  document.getElementById("print").addEventListener("click", function () { window.print(); });

  document.getElementById("restart").addEventListener("click", function () {
    forgetSession();
    log.textContent = "";
    greet();
    showError("");
    showStatus("Een nieuw gesprek is begonnen.");
    input.focus();
  });

  function greet() {
    addMessage("bot", "Hallo! Stel je vraag over een leerling die afwezig is op school, bijvoorbeeld: " +
      "‘Wat moet ik doen na 5 B-codes?’");
  }

  setRole(role);
  greet();
  input.focus();
  restore().then(function () { if (document.activeElement === document.body) { input.focus(); } });
})();
