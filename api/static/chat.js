// Chat page: sends the user's message to /api/chat and shows the replies with their buttons and sources.
(function () {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("message");
  const sendButton = document.getElementById("send");
  const errorBox = document.getElementById("error");
  const roleSelect = document.getElementById("role");
  const STORAGE_KEY = "afwezig-op-school-session";
  const TRANSCRIPT_KEY = STORAGE_KEY + "-transcript";

  let sessionId = localStorage.getItem(STORAGE_KEY);
  roleSelect.value = localStorage.getItem(STORAGE_KEY + "-role") || "";

  // An error in words, with a button that sends the same message again (nothing typed is lost).
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

  // "De assistent typt..." while the answer is on its way.
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

  // The visible conversation, kept for this browser tab so a reload shows it again.
  let transcript = [];
  try { transcript = JSON.parse(sessionStorage.getItem(TRANSCRIPT_KEY) || "[]"); } catch (e) { transcript = []; }

  function remember(entry) {
    transcript.push(entry);
    try { sessionStorage.setItem(TRANSCRIPT_KEY, JSON.stringify(transcript.slice(-100))); } catch (e) { /* full */ }
  }

  function addMessage(kind, text) {
    const div = document.createElement("div");
    div.className = "msg " + kind;
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function addReply(reply) {
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
      const src = document.createElement("div");
      src.className = "sources";
      src.appendChild(document.createTextNode("Bron in het draaiboek:"));
      const ul = document.createElement("ul");
      reply.sources.forEach(function (s) {
        const li = document.createElement("li");
        li.textContent = s.section + " – " + s.title;
        ul.appendChild(li);
      });
      src.appendChild(ul);
      div.appendChild(src);
    }
  }

  async function post(message) {
    const body = { session_id: sessionId, message: message, role: roleSelect.value || null };
    const response = await fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    return { status: response.status, data: data };
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
        sessionId = null;
        localStorage.removeItem(STORAGE_KEY);
        transcript = [];
        sessionStorage.removeItem(TRANSCRIPT_KEY);
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
      remember({ user: shownText || message });
      sessionId = result.data.session_id;
      localStorage.setItem(STORAGE_KEY, sessionId);
      result.data.replies.forEach(function (reply) { addReply(reply); remember({ reply: reply }); });
      return true;
    } catch (e) {
      showError("De assistent is niet bereikbaar. Controleer je verbinding en probeer opnieuw.", retry);
      return false;
    } finally {
      showTyping(false);
      sendButton.disabled = false;
    }
  }

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

  roleSelect.addEventListener("change", function () {
    localStorage.setItem(STORAGE_KEY + "-role", roleSelect.value);
  });

  document.getElementById("restart").addEventListener("click", function () {
    sessionId = null;
    localStorage.removeItem(STORAGE_KEY);
    log.textContent = "";
    transcript = [];
    sessionStorage.removeItem(TRANSCRIPT_KEY);
    greet();
    showError("");
    input.focus();
  });

  function greet() {
    addMessage("bot", "Hallo! Stel je vraag over een leerling die afwezig is op school, bijvoorbeeld: " +
      "‘Wat moet ik doen na 5 B-codes?’");
  }

  greet();
  if (sessionId) {
    transcript.forEach(function (entry) {
      if (entry.user) { addMessage("user", entry.user); } else if (entry.reply) { addReply(entry.reply); }
    });
  } else {
    transcript = [];
    sessionStorage.removeItem(TRANSCRIPT_KEY);
  }
  input.focus();
})();
