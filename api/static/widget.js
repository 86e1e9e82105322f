// The chat as a widget on another website: one <script src=".../static/widget.js" defer></script> adds a button in
// the bottom right corner that opens the chat page of this service in a panel (an iframe). The service allows only
// the origins of its allow-list (EMBED_ORIGINS) to frame the chat. Styles are set through the DOM (no inline
// <style>, no markup strings), so the widget also works on a site with a strict Content-Security-Policy.
(function () {
  "use strict";
  if (window.__afwezigOpSchoolWidget) { return; }
  window.__afwezigOpSchoolWidget = true;

  const script = document.currentScript;
  const base = new URL(script && script.src ? script.src : "/static/widget.js", window.location.href);
  const chatUrl = new URL("/?embed=1", base.origin).href;
  const PANEL_ID = "afwezig-op-school-panel";
  const BLUE = "#1a4f9c";

  function styled(tag, styles) {
    const element = document.createElement(tag);
    Object.keys(styles).forEach(function (key) { element.style[key] = styles[key]; });
    return element;
  }

  const launcher = styled("button", {
    position: "fixed", right: "1rem", bottom: "1rem", zIndex: "2147483000", padding: ".7rem 1rem",
    minHeight: "2.75rem", border: "2px solid #fff", borderRadius: "1.5rem", background: BLUE, color: "#fff",
    font: "600 1rem system-ui, sans-serif", cursor: "pointer", boxShadow: "0 2px 8px rgba(0,0,0,.3)",
  });
  launcher.type = "button";
  launcher.id = "afwezig-op-school-launcher";
  launcher.textContent = "Vragen over afwezigheid op school?";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", PANEL_ID);

  const panel = styled("div", {
    position: "fixed", right: "1rem", bottom: "4.5rem", zIndex: "2147483000", width: "min(26rem, calc(100vw - 2rem))",
    height: "min(40rem, calc(100vh - 6rem))", display: "none", flexDirection: "column", background: "#fff",
    border: "1px solid #767676", borderRadius: ".6rem", boxShadow: "0 4px 16px rgba(0,0,0,.35)", overflow: "hidden",
  });
  panel.id = PANEL_ID;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", "Chat: Afwezig op school");

  const bar = styled("div", {
    display: "flex", justifyContent: "space-between", alignItems: "center", padding: ".3rem .5rem .3rem .8rem",
    background: BLUE, color: "#fff", font: "600 1rem system-ui, sans-serif",
  });
  const title = document.createElement("span");
  title.textContent = "Afwezig op school";
  const close = styled("button", {
    minHeight: "2.75rem", minWidth: "2.75rem", border: "none", background: "transparent", color: "#fff",
    font: "600 1rem system-ui, sans-serif", cursor: "pointer",
  });
  close.type = "button";
  close.id = "afwezig-op-school-close";
  close.textContent = "Sluiten";
  bar.appendChild(title);
  bar.appendChild(close);

  let frame = null;

  function open() {
    if (!frame) {
      // Loaded at the first opening only: a page that never opens the chat loads nothing of it.
      frame = styled("iframe", { flex: "1", width: "100%", border: "0" });
      frame.title = "Chat: Afwezig op school";
      frame.src = chatUrl;
      panel.appendChild(frame);
    }
    panel.style.display = "flex";
    launcher.setAttribute("aria-expanded", "true");
    frame.focus();
  }

  function hide() {
    panel.style.display = "none";
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  launcher.addEventListener("click", function () {
    if (panel.style.display === "none") { open(); } else { hide(); }
  });
  close.addEventListener("click", hide);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hide(); }
  });

  function mount() {
    panel.appendChild(bar);
    document.body.appendChild(panel);
    document.body.appendChild(launcher);
  }

  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }
})();
