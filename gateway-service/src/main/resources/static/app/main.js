import { session, lastRead } from './api.js';
import { h, fill } from './dom.js';
import { live } from './live.js';
import * as pages from './pages.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let leave = null;

const unreadBadge = h('span', { class: 'badge', hidden: true });
live.onUnread = count => {
  unreadBadge.hidden = count === 0;
  fill(unreadBadge, String(count));
  const link = nav.querySelector('[data-nav="notifications"]');
  if (link) link.setAttribute('aria-label', count ? `Notifications, ${count} unread` : 'Notifications');
};

function renderNav() {
  const route = location.hash.split(/[/?]/)[1] || 'home';
  const link = (name, href, ...label) => h('a', { href, 'data-nav': name, 'aria-current': route === name ? 'page' : null }, ...label);
  fill(nav, session.signedIn
    ? [link('home', '#/home', 'Home'), link('search', '#/search', 'Search'),
      link('notifications', '#/notifications', 'Notifications ', unreadBadge),
      link('connect', '#/connect', 'Who to follow'),
      link('u', `#/u/${encodeURIComponent(session.user ? session.user.handle : '')}`, 'Profile'),
      h('button', { type: 'button', class: 'link', onclick: () => { session.end(); location.hash = '#/login'; } }, 'Log out')]
    : [link('login', '#/login', 'Log in'), link('signup', '#/signup', 'Sign up'), link('search', '#/search', 'Search')]);
  live.onUnread(live.unread);
}

const needsSession = new Set(['home', 'notifications', 'connect']);

async function route() {
  const hash = location.hash || '#/home';
  if (!hash.startsWith('#/')) return; // the skip link's #main
  if (leave) { leave(); leave = null; }
  const [pathPart, queryPart = ''] = hash.slice(2).split('?');
  const parts = pathPart.split('/').map(decodeURIComponent);
  const params = new URLSearchParams(queryPart);
  const name = parts[0] || 'home';
  if (needsSession.has(name) && !session.signedIn) { location.replace('#/login'); return; }
  if ((name === 'login' || name === 'signup') && session.signedIn) { location.replace('#/home'); return; }
  renderNav();
  switch (name) {
    case 'login': pages.loginPage(main); break;
    case 'signup': pages.signupPage(main); break;
    case 'home': leave = pages.homePage(main); break;
    case 'tweet': leave = await pages.tweetPage(main, parts[1], parts[2] === 'reply'); break;
    case 'u': leave = await pages.profilePage(main, parts[1], parts[2]); break;
    case 'search': leave = pages.searchPage(main, params.get('q')); break;
    case 'notifications': leave = pages.notificationsPage(main); break;
    case 'connect': pages.connectPage(main); break;
    default: fill(main, h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/home' }, 'Go home')));
  }
  const title = main.querySelector('h1');
  document.title = title ? `${title.textContent} · Chirp` : 'Chirp';
  if (!main.contains(document.activeElement) || document.activeElement === main) main.focus({ preventScroll: true });
}

session.onChange(user => {
  if (user && !live.stream) live.start();
  if (!user) live.stop();
  renderNav();
  if (!user && needsSession.has((location.hash.split(/[/?]/)[1]) || 'home')) location.hash = '#/login';
});

// The "how this page was served" drawer: the last home timeline read, by request ID, with the Server-Timing
// entries the gateway and timeline-service added (each service's entries are named after it).
const drawer = document.getElementById('drawer');
const toggle = document.getElementById('drawer-toggle');
const owners = [
  ['gateway-', 'gateway-service'], ['timeline-hydrate', 'tweet-service (called by timeline-service)'],
  ['timeline-', 'timeline-service'],
];
function ownerOf(name) {
  const match = owners.find(([prefix]) => name.startsWith(prefix));
  return match ? match[1] : 'other';
}
function renderDrawer() {
  const read = lastRead.value;
  const parts = [h('h2', { id: 'drawer-title' }, 'How this page was served')];
  if (!read) {
    parts.push(h('p', {}, 'Open the home timeline: the drawer then shows how its last read was served.'));
  } else {
    const total = Math.max(read.browserMs, ...read.serverTiming.map(e => e.dur || 0));
    parts.push(h('dl', {},
      h('dt', {}, 'Request'), h('dd', {}, `GET ${read.path} → ${read.status}`),
      h('dt', {}, 'Request ID'), h('dd', {}, h('code', {}, read.requestId || 'none')),
      h('dt', {}, 'In the browser'), h('dd', {}, `${read.browserMs.toFixed(1)} ms, at ${read.at.toLocaleTimeString()}`)));
    if (read.serverTiming.length === 0) {
      parts.push(h('p', {}, 'No Server-Timing entries came back (an older gateway or service).'));
    } else {
      parts.push(h('table', {},
        h('caption', {}, 'Server-Timing, in the order the services wrote them'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Service'), h('th', { scope: 'col' }, 'Step'),
          h('th', { scope: 'col' }, 'ms'), h('th', { scope: 'col' }, 'Share'))),
        h('tbody', {}, read.serverTiming.map(e => h('tr', {},
          h('td', {}, ownerOf(e.name)), h('td', {}, e.desc || e.name),
          h('td', { class: 'num' }, e.dur === null ? '–' : e.dur.toFixed(1)),
          h('td', {}, e.dur === null ? '' : h('progress', { max: total, value: e.dur, 'aria-label': `${e.name} share` })))))));
      if (!read.serverTiming.some(e => e.name.startsWith('timeline-'))) {
        parts.push(h('p', { class: 'meta' }, 'timeline-service sent no timings (it is an older version): only the gateway\'s are shown.'));
      }
    }
    parts.push(h('p', { class: 'meta' }, 'Search the services\' logs for the request ID to follow this read through them.'));
  }
  parts.push(h('button', { type: 'button', onclick: () => setDrawer(false) }, 'Close'));
  fill(drawer, ...parts);
}
function setDrawer(open) {
  drawer.hidden = !open;
  toggle.setAttribute('aria-expanded', String(open));
  if (open) { renderDrawer(); drawer.querySelector('h2').setAttribute('tabindex', '-1'); drawer.querySelector('h2').focus(); }
  else toggle.focus();
}
toggle.addEventListener('click', () => setDrawer(drawer.hidden));
drawer.addEventListener('keydown', e => { if (e.key === 'Escape') setDrawer(false); });
lastRead.listeners.add(() => { if (!drawer.hidden) renderDrawer(); });

document.querySelector('[data-skip]').addEventListener('click', e => { e.preventDefault(); main.focus(); });
window.addEventListener('hashchange', route);
route();
performance.mark('chirp:ready');
