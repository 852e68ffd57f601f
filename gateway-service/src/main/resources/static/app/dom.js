// Every element is built with createElement and every user string goes in as a text node: no HTML is ever
// parsed from data (the page's CSP also demands Trusted Types for any HTML sink, so a slip would throw).

/**
 * h('a', {href: '#/x', class: 'c', onclick: fn, 'aria-label': 'L'}, 'text', child, [more])
 * Strings become text nodes; null, undefined and false are skipped; arrays are flattened.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      el.className = value;
    } else if (name === 'value' || name === 'checked' || name === 'disabled' || name === 'hidden') {
      el[name] = value;
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** "3 min", "2 h", or a date, for a tweet's <time>. */
export function ago(iso) {
  const then = new Date(iso);
  const seconds = Math.max(0, (Date.now() - then.getTime()) / 1000);
  if (seconds < 60) return `${Math.floor(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h`;
  return then.toLocaleDateString();
}

/** Announces a short message to screen readers and shows it for a few seconds. */
export function announce(message) {
  const status = document.getElementById('status');
  fill(status, message);
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => fill(status), 6000);
}
