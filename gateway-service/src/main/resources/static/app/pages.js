import { api, readHome, session } from './api.js';
import { h, fill, ago, announce } from './dom.js';
import { tweetCard, pagedList, composeForm, showProblem, userLink } from './tweets.js';
import { live } from './live.js';

const q = s => encodeURIComponent(s);

function field(id, label, attrs = {}, errorFor = attrs.name) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, ...attrs }),
    h('span', { class: 'field-error', 'data-error-for': errorFor, 'data-input': id }));
}

async function signIn(answer) {
  const user = answer.user || null;
  session.start(answer.access_token, user);
  if (!user) session.update(await api('GET', '/api/v1/users/me'));
  location.hash = '#/home';
}

export function loginPage(main) {
  const form = h('form', { class: 'card', novalidate: true },
    h('p', { class: 'form-error', role: 'alert' }),
    field('login-login', 'Handle or e-mail', { name: 'login', autocomplete: 'username', required: true }),
    field('login-password', 'Password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    h('button', { type: 'submit', class: 'primary' }, 'Log in'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    try {
      await signIn(await api('POST', '/api/v1/auth/login',
        { login: form.elements.login.value, password: form.elements.password.value }));
    } catch (err) { showProblem(form, err); }
  });
  fill(main, h('h1', {}, 'Log in to Chirp'), form,
    h('p', {}, 'New here? ', h('a', { href: '#/signup' }, 'Create an account')));
}

export function signupPage(main) {
  const form = h('form', { class: 'card', novalidate: true },
    h('p', { class: 'form-error', role: 'alert' }),
    field('signup-handle', 'Handle', { name: 'handle', autocomplete: 'username', required: true }),
    field('signup-name', 'Display name', { name: 'display_name', autocomplete: 'name' }),
    field('signup-email', 'E-mail', { name: 'email', type: 'email', autocomplete: 'email', required: true }),
    field('signup-password', 'Password (8 or more characters)', { name: 'password', type: 'password', autocomplete: 'new-password', required: true }),
    h('button', { type: 'submit', class: 'primary' }, 'Sign up'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const value = name => form.elements[name].value;
    try {
      await signIn(await api('POST', '/api/v1/auth/signup', {
        handle: value('handle'), email: value('email'), password: value('password'),
        display_name: value('display_name') || value('handle'),
      }));
    } catch (err) { showProblem(form, err); }
  });
  fill(main, h('h1', {}, 'Create your Chirp account'), form,
    h('p', {}, 'Have an account? ', h('a', { href: '#/login' }, 'Log in')));
}

export function homePage(main) {
  performance.clearMarks('chirp:home:start');
  performance.clearMeasures('chirp:home');
  performance.mark('chirp:home:start');
  const bar = h('button', { type: 'button', class: 'new-tweets', hidden: true, 'aria-live': 'polite' });
  // Tweets that arrived live but are already on the page (the first page was read after them) are not "new".
  const showBar = () => {
    live.pending = live.pending.filter(t => !feed.has(t.id));
    const count = live.pending.length;
    bar.hidden = count === 0;
    fill(bar, count === 1 ? 'Show 1 new tweet' : `Show ${count} new tweets`);
  };
  const feed = pagedList({
    label: 'Home timeline',
    load: cursor => readHome(cursor),
    render: tweet => tweetCard(tweet),
    empty: 'Your timeline is empty: follow someone (see Who to follow) or post something.',
    onFirstPage: () => {
      performance.mark('chirp:home:rendered');
      performance.measure('chirp:home', 'chirp:home:start', 'chirp:home:rendered');
      showBar();
    },
  });
  const compose = composeForm({ onPosted: tweet => feed.prepend(tweet) });
  bar.addEventListener('click', () => {
    const tweets = live.takePending();
    tweets.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)).forEach(t => feed.prepend(t));
    showBar();
    const first = feed.element.querySelector('article');
    if (first) { first.setAttribute('tabindex', '-1'); first.focus(); }
  });
  live.onPending = showBar;
  fill(main, h('h1', {}, 'Home'), compose.element, bar, feed.element);
  return () => { live.onPending = null; feed.stop(); };
}

export async function tweetPage(main, id, reply) {
  fill(main, h('h1', {}, 'Tweet'), h('p', {}, 'Loading…'));
  let tweet;
  try { tweet = await api('GET', `/api/v1/tweets/${q(id)}`); } catch (e) {
    fill(main, h('h1', {}, 'Tweet'), h('p', { role: 'alert' }, e.message));
    return;
  }
  const replies = pagedList({
    label: 'Replies',
    load: cursor => api('GET', `/api/v1/tweets/${q(id)}/replies?limit=20${cursor ? `&cursor=${q(cursor)}` : ''}`),
    render: t => tweetCard(t),
    empty: 'No replies yet.',
  });
  const compose = session.signedIn
    ? composeForm({ replyTo: tweet.id, label: `Reply to @${tweet.author.handle}`, onPosted: t => replies.prepend(t) })
    : null;
  fill(main, h('h1', {}, `Tweet by @${tweet.author.handle}`), tweetCard(tweet, { onDeleted: () => { location.hash = '#/home'; } }),
    compose ? compose.element : h('p', {}, h('a', { href: '#/login' }, 'Log in'), ' to reply.'),
    h('h2', {}, 'Replies'), replies.element);
  if (reply && compose) compose.focus();
  return () => replies.stop();
}

function userRow(user) {
  const row = h('li', { class: 'user', 'data-id': user.id }, userLink(user),
    user.bio ? h('p', { class: 'meta' }, user.bio) : null);
  if (session.user && session.user.id !== user.id) row.append(followButton(user));
  return row;
}

function followButton(user, onChange) {
  const button = h('button', { type: 'button', class: 'follow', 'aria-pressed': user.followed_by_me ? 'true' : 'false' });
  const label = () => fill(button, button.getAttribute('aria-pressed') === 'true'
    ? `Unfollow @${user.handle}` : `Follow @${user.handle}`);
  label();
  button.addEventListener('click', async () => {
    const follow = button.getAttribute('aria-pressed') !== 'true';
    button.disabled = true;
    try {
      const answer = await api(follow ? 'PUT' : 'DELETE', `/api/v1/users/${user.id}/follow`);
      button.setAttribute('aria-pressed', String(answer.following));
      label();
      announce(answer.following ? `You follow @${user.handle}.` : `You no longer follow @${user.handle}.`);
      if (onChange) onChange(answer.following);
    } catch (e) { announce(e.message); } finally { button.disabled = false; }
  });
  return button;
}

export async function profilePage(main, handle, tab) {
  fill(main, h('h1', {}, `@${handle}`), h('p', {}, 'Loading…'));
  let user;
  try { user = await api('GET', `/api/v1/users/@${q(handle)}`); } catch (e) {
    fill(main, h('h1', {}, `@${handle}`), h('p', { role: 'alert' }, e.message));
    return;
  }
  const followers = h('span', {}, String(user.followers_count));
  const base = `#/u/${q(user.handle)}`;
  const tabs = h('nav', { 'aria-label': 'Profile sections', class: 'tabs' },
    h('a', { href: base, 'aria-current': tab ? null : 'page' }, `Tweets ${user.tweet_count}`),
    h('a', { href: `${base}/followers`, 'aria-current': tab === 'followers' ? 'page' : null }, followers, ' followers'),
    h('a', { href: `${base}/following`, 'aria-current': tab === 'following' ? 'page' : null }, `${user.following_count} following`));
  const list = tab
    ? pagedList({
      label: tab === 'followers' ? 'Followers' : 'Following',
      load: cursor => api('GET', `/api/v1/users/${user.id}/${tab}?limit=20${cursor ? `&cursor=${q(cursor)}` : ''}`),
      render: u => userRow(u), empty: 'Nobody yet.', people: true,
    })
    : pagedList({
      label: `Tweets by @${user.handle}`,
      load: cursor => api('GET', `/api/v1/users/${user.id}/tweets?limit=20${cursor ? `&cursor=${q(cursor)}` : ''}`),
      render: t => tweetCard(t), empty: 'No tweets yet.',
    });
  const mine = session.user && session.user.id === user.id;
  fill(main,
    h('h1', {}, user.display_name || user.handle),
    h('p', { class: 'handle' }, `@${user.handle}`),
    user.bio ? h('p', {}, user.bio) : null,
    user.location ? h('p', { class: 'meta' }, user.location) : null,
    h('p', { class: 'meta' }, `Joined ${new Date(user.created_at).toLocaleDateString()}`),
    session.signedIn && !mine ? followButton(user, following => {
      fill(followers, String(user.followers_count += following ? 1 : -1));
    }) : null,
    tabs, list.element);
  return () => list.stop();
}

export function searchPage(main, query) {
  const input = h('input', { id: 'search-q', type: 'search', name: 'q', value: query || '', 'aria-describedby': 'search-help' });
  const form = h('form', { role: 'search', class: 'card' },
    h('label', { for: 'search-q' }, 'Search tweets'), input,
    h('p', { id: 'search-help', class: 'meta' },
      'Words, "exact phrases", #tags, from:handle and near:lat,lon,radius (e.g. near:52.52,13.40,10km).'),
    h('button', { type: 'submit', class: 'primary' }, 'Search'));
  form.addEventListener('submit', e => {
    e.preventDefault();
    location.hash = `#/search?q=${q(input.value)}`;
  });
  const trends = h('ol', { class: 'trends' });
  api('GET', '/api/v1/trends').then(answer => {
    fill(trends, answer.items.length ? answer.items.map(t =>
      h('li', {}, h('a', { href: `#/search?q=${q('#' + t.hashtag)}` }, `#${t.hashtag}`),
        h("span", { class: "meta" }, ` ${t.tweet_count} tweets`)))
      : h('li', { class: 'meta' }, 'No trends in the last hour.'));
  }).catch(e => fill(trends, h('li', {}, e.message)));
  const parts = [h('h1', {}, 'Search'), form];
  let results = null;
  let people = null;
  if (query) {
    results = pagedList({
      label: `Tweets matching ${query}`,
      load: cursor => api('GET', `/api/v1/search/tweets?q=${q(query)}&limit=20${cursor ? `&cursor=${q(cursor)}` : ''}`),
      render: t => tweetCard(t), empty: 'No tweets match.',
    });
    const words = query.split(/\s+/).filter(w => w && !/^[#"]|:/.test(w)).join(' ');
    if (words) {
      people = h('ul', { class: 'users' });
      api('GET', `/api/v1/search/users?q=${q(words)}&limit=5`)
        .then(answer => fill(people, answer.items.map(userRow)))
        .catch(() => fill(people));
    }
    parts.push(h('h2', {}, 'Tweets'), results.element);
    if (people) parts.push(h('h2', {}, 'People'), people);
  }
  parts.push(h('h2', {}, 'Trends'), trends);
  fill(main, ...parts);
  return () => { if (results) results.stop(); };
}

const what = {
  like: 'liked your tweet', reply: 'replied to your tweet', mention: 'mentioned you', follow: 'followed you',
};

export function notificationRow(n) {
  return h('article', { class: 'notification', 'data-id': n.id, 'aria-label': `Notification: @${n.actor.handle} ${what[n.type] || n.type}` },
    userLink(n.actor), ` ${what[n.type] || n.type}`,
    n.tweet_id ? [' · ', h('a', { href: `#/tweet/${n.tweet_id}` }, 'see the tweet')] : null,
    ' · ', h('time', { datetime: n.created_at }, ago(n.created_at)));
}

export function notificationsPage(main) {
  const list = pagedList({
    label: 'Notifications',
    load: cursor => api('GET', `/api/v1/notifications?limit=20${cursor ? `&cursor=${q(cursor)}` : ''}`),
    render: notificationRow, empty: 'No notifications yet.',
  });
  live.markRead();
  live.onNotification = n => { list.prepend(n); live.markRead(); };
  fill(main, h('h1', {}, 'Notifications'), list.element);
  return () => { live.onNotification = null; list.stop(); };
}

export function connectPage(main) {
  const list = h('ul', { class: 'users' }, h('li', {}, 'Loading…'));
  api('GET', '/api/v1/users/me/suggestions?limit=20')
    .then(answer => fill(list, answer.items.length ? answer.items.map(userRow)
      : h('li', { class: 'meta' }, 'No suggestions right now: search for people instead.')))
    .catch(e => fill(list, h('li', {}, e.message)));
  fill(main, h('h1', {}, 'Who to follow'), list);
}
