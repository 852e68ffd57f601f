import { api, upload, ApiProblem, session, mediaPath } from './api.js';
import { h, fill, ago, announce } from './dom.js';
import { tweetLength, tokens, MAX_TWEET } from './text.js';

export function userLink(user) {
  return h('a', { href: `#/u/${encodeURIComponent(user.handle)}`, class: 'who' },
    h('span', { class: 'name' }, user.display_name || user.handle), ' ',
    h('span', { class: 'handle' }, `@${user.handle}`));
}

function tweetText(text) {
  return h('p', { class: 'text' }, tokens(text || '').map(t => {
    if (t.kind === 'tag') return h('a', { href: `#/search?q=${encodeURIComponent('#' + t.value)}` }, `#${t.value}`);
    if (t.kind === 'mention') return h('a', { href: `#/u/${encodeURIComponent(t.value)}` }, `@${t.value}`);
    return t.value;
  }));
}

/** One tweet as an <article>, with like and reply. */
export function tweetCard(tweet, { onDeleted } = {}) {
  const likeCount = h('span', { class: 'count' }, String(tweet.like_count ?? 0));
  const like = h('button', {
    type: 'button', class: 'action like', 'aria-pressed': tweet.liked_by_me ? 'true' : 'false',
    'aria-label': `Like tweet by @${tweet.author.handle}`,
  }, 'Like ', likeCount);
  like.addEventListener('click', async () => {
    if (!session.signedIn) { location.hash = '#/login'; return; }
    const liked = like.getAttribute('aria-pressed') !== 'true';
    like.disabled = true;
    try {
      const answer = await api(liked ? 'PUT' : 'DELETE', `/api/v1/tweets/${tweet.id}/like`);
      like.setAttribute('aria-pressed', String(answer.liked));
      fill(likeCount, String(answer.like_count));
    } catch (e) {
      announce(e.message);
    } finally {
      like.disabled = false;
    }
  });
  const media = (tweet.media || []).map(m => {
    const src = mediaPath(m.thumbnail_url) || mediaPath(m.url);
    const full = mediaPath(m.url);
    return src ? h('a', { href: full, class: 'photo' },
      h('img', { src, alt: `Photo posted by @${tweet.author.handle}`, width: m.width, height: m.height, loading: 'lazy' })) : null;
  });
  const own = session.user && session.user.id === tweet.author.id;
  let del = null;
  if (own) {
    del = h('button', { type: 'button', class: 'action', 'aria-label': 'Delete this tweet' }, 'Delete');
    del.addEventListener('click', async () => {
      try {
        await api('DELETE', `/api/v1/tweets/${tweet.id}`);
        article.remove();
        announce('Tweet deleted.');
        if (onDeleted) onDeleted(tweet);
      } catch (e) { announce(e.message); }
    });
  }
  const article = h('article', { class: 'tweet', 'data-id': tweet.id, 'aria-label': `Tweet by @${tweet.author.handle}` },
    h('header', {}, userLink(tweet.author), ' · ',
      h('a', { href: `#/tweet/${tweet.id}`, class: 'when' },
        h('time', { datetime: tweet.created_at }, ago(tweet.created_at)))),
    tweet.reply_to_id ? h('p', { class: 'meta' }, h('a', { href: `#/tweet/${tweet.reply_to_id}` }, 'Replying to a tweet')) : null,
    tweetText(tweet.text),
    media.length ? h('div', { class: 'media' }, media) : null,
    tweet.location ? h('p', { class: 'meta' },
      `Location ${tweet.location.lat.toFixed(3)}, ${tweet.location.lon.toFixed(3)}`) : null,
    h('footer', {}, like,
      h('a', { href: `#/tweet/${tweet.id}/reply`, class: 'action reply', 'aria-label': `Reply to @${tweet.author.handle}` },
        'Reply ', h('span', { class: 'count' }, String(tweet.reply_count ?? 0))),
      del));
  return article;
}

/**
 * A list that pages on the API's cursors: the next page loads when its end scrolls into view (and with a
 * "Load more" button, for keyboards and screen readers). Items already shown are skipped.
 */
export function pagedList({ label, load, render, empty = 'Nothing here yet.', onFirstPage, people = false }) {
  // Tweets are a feed of articles; people are a plain list of <li>.
  const list = people
    ? h('ul', { class: 'users', 'aria-label': label, 'aria-busy': 'true' })
    : h('div', { class: 'list', role: 'feed', 'aria-label': label, 'aria-busy': 'true' });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'Load more');
  const note = h('p', { class: 'meta' });
  const seen = new Set();
  let cursor = null;
  let loading = false;
  let done = false;
  let first = true;
  const next = async () => {
    if (loading || done) return;
    loading = true;
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await load(cursor);
      for (const item of page.items) {
        if (seen.has(item.id)) continue;
        seen.add(item.id);
        list.append(render(item));
      }
      cursor = page.next_cursor;
      done = !cursor;
      more.hidden = done;
      fill(note, seen.size === 0 && done ? empty : '');
      if (first) { first = false; if (onFirstPage) onFirstPage(); }
    } catch (e) {
      fill(note, e.message);
    } finally {
      loading = false;
      list.setAttribute('aria-busy', 'false');
    }
  };
  more.addEventListener('click', next);
  const observer = new IntersectionObserver(entries => {
    if (entries.some(e => e.isIntersecting)) next();
  }, { rootMargin: '400px' });
  observer.observe(more);
  next();
  return {
    element: h('div', {}, list, note, more),
    prepend(item) {
      if (seen.has(item.id)) return false;
      seen.add(item.id);
      list.prepend(render(item));
      fill(note, '');
      return true;
    },
    has(id) { return seen.has(id); },
    stop() { observer.disconnect(); },
  };
}

/** Shows a refusal: field errors beside their fields (elements with data-error-for), the rest at the top. */
export function showProblem(form, error) {
  form.querySelectorAll('[data-error-for]').forEach(el => fill(el));
  form.querySelectorAll('[aria-invalid]').forEach(el => el.removeAttribute('aria-invalid'));
  const general = form.querySelector('.form-error');
  if (!(error instanceof ApiProblem)) { fill(general, String(error.message || error)); return; }
  const fields = error.fieldErrors;
  let unplaced = Object.keys(fields).length === 0;
  for (const [field, message] of Object.entries(fields)) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`)
      || form.querySelector(`[data-error-for="${CSS.escape(field.split('.')[0])}"]`);
    if (slot) {
      fill(slot, message);
      const input = document.getElementById(slot.dataset.input || '');
      if (input) input.setAttribute('aria-invalid', 'true');
    } else {
      unplaced = true;
    }
  }
  fill(general, unplaced ? error.message : 'Please correct the fields marked below.');
}

let composeCount = 0;

/** The compose form: text with a live code-point counter, an optional photo and an optional location. */
export function composeForm({ replyTo = null, onPosted, label = 'What is happening?' } = {}) {
  const n = ++composeCount;
  const id = name => `compose${n}-${name}`;
  const text = h('textarea', { id: id('text'), name: 'text', rows: 3, 'aria-describedby': id('count') });
  const count = h('span', { id: id('count'), class: 'counter', 'aria-live': 'polite' }, `${MAX_TWEET} left`);
  const post = h('button', { type: 'submit', class: 'primary' }, replyTo ? 'Reply' : 'Post');
  const file = h('input', { type: 'file', id: id('photo'), accept: 'image/png,image/jpeg,image/gif', class: 'file' });
  const progress = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': 'Upload progress' });
  const preview = h('div', { class: 'preview' });
  const withLocation = h('input', { type: 'checkbox', id: id('where') });
  const lat = h('input', { type: 'number', id: id('lat'), step: 'any', min: -90, max: 90, disabled: true });
  const lon = h('input', { type: 'number', id: id('lon'), step: 'any', min: -180, max: 180, disabled: true });
  let mediaId = null;
  let uploading = false;

  const refresh = () => {
    const length = tweetLength(text.value);
    const left = MAX_TWEET - length;
    fill(count, left >= 0 ? `${left} left` : `${-left} over the limit`);
    count.classList.toggle('over', left < 0);
    post.disabled = uploading || left < 0 || (length === 0 && !mediaId);
  };
  text.addEventListener('input', refresh);
  withLocation.addEventListener('change', () => { lat.disabled = lon.disabled = !withLocation.checked; });
  file.addEventListener('change', async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    mediaId = null;
    uploading = true;
    refresh();
    const url = URL.createObjectURL(chosen);
    const remove = h('button', { type: 'button', class: 'action' }, 'Remove photo');
    fill(preview, h('img', { src: url, alt: 'Preview of the photo to post' }), remove);
    remove.addEventListener('click', () => { mediaId = null; file.value = ''; fill(preview); URL.revokeObjectURL(url); refresh(); });
    progress.hidden = false;
    progress.value = 0;
    try {
      const media = await upload(chosen, fraction => { progress.value = fraction; });
      mediaId = media.id;
      progress.value = 1;
      announce('Photo uploaded.');
    } catch (e) {
      fill(preview);
      showProblem(form, e.status === 413 || e.status === 415 || e.status === 400
        ? new ApiProblem(e.status, { ...e.problem, errors: [{ field: 'file', message: e.message }] }, e.retryAfter) : e);
    } finally {
      uploading = false;
      progress.hidden = true;
      refresh();
    }
  });

  const form = h('form', { class: 'compose', 'aria-label': replyTo ? 'Reply' : 'Compose a tweet', novalidate: true },
    h('p', { class: 'form-error', role: 'alert' }),
    h('label', { for: id('text') }, label),
    text,
    h('span', { class: 'field-error', 'data-error-for': 'text', 'data-input': id('text') }),
    h('div', { class: 'row' },
      h('label', { for: id('photo'), class: 'button' }, 'Add photo'), file, progress, count),
    preview,
    h('span', { class: 'field-error', 'data-error-for': 'file', 'data-input': id('photo') }),
    h('span', { class: 'field-error', 'data-error-for': 'media_ids', 'data-input': id('photo') }),
    h('fieldset', { class: 'where' },
      h('legend', {}, 'Location (optional)'),
      h('div', { class: 'row' }, withLocation, h('label', { for: id('where') }, 'Add a location')),
      h('div', { class: 'row' },
        h('label', { for: id('lat') }, 'Latitude'), lat,
        h('label', { for: id('lon') }, 'Longitude'), lon),
      h('span', { class: 'field-error', 'data-error-for': 'location.lat', 'data-input': id('lat') }),
      h('span', { class: 'field-error', 'data-error-for': 'location.lon', 'data-input': id('lon') }),
      h('span', { class: 'field-error', 'data-error-for': 'location', 'data-input': id('lat') })),
    h('div', { class: 'row end' }, post));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const body = { text: text.value };
    if (mediaId) body.media_ids = [mediaId];
    if (replyTo) body.reply_to_id = replyTo;
    if (withLocation.checked) body.location = { lat: lat.value === '' ? null : Number(lat.value), lon: lon.value === '' ? null : Number(lon.value) };
    post.disabled = true;
    try {
      const tweet = await api('POST', '/api/v1/tweets', body);
      form.reset();
      mediaId = null;
      fill(preview);
      lat.disabled = lon.disabled = true;
      showProblem(form, { message: '' });
      announce(replyTo ? 'Reply posted.' : 'Tweet posted.');
      if (onPosted) onPosted(tweet);
    } catch (e) {
      showProblem(form, e);
    } finally {
      refresh();
    }
  });
  refresh();
  return { element: form, focus() { text.focus(); } };
}
