// Search as you type: the box asks /api/search and lists the cities below it; arrow keys move through the
// list, Enter opens the city, Escape closes the list. Without scripts the form still searches.
(() => {
  const input = document.getElementById("q");
  const list = document.getElementById("suggestions");
  if (!input || !list) return;
  let hits = [], current = -1, asked = 0;

  function show() {
    list.replaceChildren();
    hits.forEach((hit, i) => {
      const item = document.createElement("li");
      item.id = "suggestion-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", i === current ? "true" : "false");
      item.textContent = hit.name + (hit.country ? ", " + hit.country : "") + (hit.kind ? " (" + hit.kind + ")" : "");
      item.addEventListener("mousedown", (event) => { event.preventDefault(); open(i); });
      list.appendChild(item);
    });
    list.hidden = hits.length === 0;
    input.setAttribute("aria-expanded", hits.length ? "true" : "false");
    if (current >= 0) input.setAttribute("aria-activedescendant", "suggestion-" + current);
    else input.removeAttribute("aria-activedescendant");
  }

  function open(i) {
    window.location.href = "/city/" + encodeURIComponent(hits[i].key);
  }

  input.addEventListener("input", async () => {
    const text = input.value.trim();
    const mine = ++asked;
    if (!text) { hits = []; current = -1; show(); return; }
    const response = await fetch("/api/search?limit=10&q=" + encodeURIComponent(text));
    if (mine !== asked || !response.ok) return;
    hits = await response.json();
    current = -1;
    show();
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && hits.length) { current = (current + 1) % hits.length; show(); event.preventDefault(); }
    else if (event.key === "ArrowUp" && hits.length) { current = (current - 1 + hits.length) % hits.length; show(); event.preventDefault(); }
    else if (event.key === "Enter" && current >= 0) { open(current); event.preventDefault(); }
    else if (event.key === "Escape") { hits = []; current = -1; show(); }
  });
  input.addEventListener("blur", () => { hits = []; current = -1; show(); });
})();
