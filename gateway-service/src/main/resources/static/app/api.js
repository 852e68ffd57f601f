// The public API (docs/03-api.md), unchanged: JSON over fetch with a bearer token.
//
// Where the token lives: only in the closure of this module, in memory. Nothing writes it to localStorage,
// sessionStorage, a cookie or the DOM, and no function of this module returns it, so a script injected into the
// page could at most make calls through api() while the page is open, not carry the token away. The price: a
// reload logs out.

let token = null;
let me = null;
const listeners = new Set();

export const session = {
  get user() { return me; },
  get signedIn() { return token !== null; },
  start(accessToken, user) { token = accessToken; me = user; listeners.forEach(l => l(me)); },
  update(user) { me = user; listeners.forEach(l => l(me)); },
  end() { token = null; me = null; listeners.forEach(l => l(null)); },
  onChange(listener) { listeners.add(listener); },
};

/** A refused call: the problem details (RFC 9457) and, for 429, the seconds to wait. */
export class ApiProblem extends Error {
  constructor(status, problem, retryAfter) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** {field: message} from the problem's errors array. */
  get fieldErrors() {
    const out = {};
    for (const e of this.problem.errors || []) out[e.field] = e.message;
    return out;
  }

  get message() {
    if (this.status === 429) return `Too many requests: try again in ${this.retryAfter || 'a few'} s.`;
    return super.message;
  }
}

function headers(extra) {
  const out = { Accept: 'application/json', ...extra };
  if (token) out.Authorization = `Bearer ${token}`;
  return out;
}

async function problemOf(response) {
  let problem = {};
  try { problem = await response.json(); } catch { problem = { title: response.statusText }; }
  const error = new ApiProblem(response.status, problem, response.headers.get('Retry-After'));
  if (response.status === 401 && token) {
    session.end();
  }
  return error;
}

/** api('GET', '/api/v1/tweets/1') → parsed JSON; throws ApiProblem. */
export async function api(method, path, body) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  if (!response.ok) throw await problemOf(response);
  return response.status === 204 ? null : response.json();
}

/** The last home timeline read, for the "how this page was served" drawer. */
export const lastRead = { value: null, listeners: new Set() };

/** GET of a home timeline page that also records the request ID and the Server-Timing entries. */
export async function readHome(cursor) {
  const path = `/api/v1/timeline/home?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  const started = performance.now();
  const response = await fetch(path, { headers: headers({}) });
  const body = response.ok ? await response.json() : null;
  lastRead.value = {
    path,
    status: response.status,
    requestId: response.headers.get('X-Request-Id'),
    serverTiming: parseServerTiming(response.headers.get('Server-Timing')),
    browserMs: performance.now() - started,
    at: new Date(),
  };
  lastRead.listeners.forEach(l => l(lastRead.value));
  if (!response.ok) throw await problemOf(response);
  return body;
}

/** 'a;dur=1.2;desc="x", b;dur=3' → [{name, dur, desc}] (W3C Server Timing). */
export function parseServerTiming(header) {
  if (!header) return [];
  return header.split(',').map(part => {
    const [name, ...params] = part.trim().split(';');
    const entry = { name: name.trim(), dur: null, desc: '' };
    for (const param of params) {
      const [key, raw = ''] = param.trim().split('=');
      const value = raw.replace(/^"|"$/g, '');
      if (key === 'dur') entry.dur = Number(value);
      if (key === 'desc') entry.desc = value;
    }
    return entry;
  }).filter(e => e.name);
}

/** Uploads a photo with progress (fetch cannot report upload progress; XMLHttpRequest can). */
export function upload(file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/media');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = e => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch { body = { title: xhr.statusText }; }
      if (xhr.status === 201 || xhr.status === 200) resolve(body);
      else reject(new ApiProblem(xhr.status, body, xhr.getResponseHeader('Retry-After')));
    };
    xhr.onerror = () => reject(new ApiProblem(0, { title: 'The upload failed: no connection.' }));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

/**
 * Reads /api/v1/stream with fetch and a ReadableStream (EventSource cannot send an Authorization header) and
 * calls onEvent(type, data) for each event; reconnects with a growing pause until stop() is called.
 */
export function openStream(onEvent) {
  let stopped = false;
  let controller = null;
  let pause = 1000;
  const run = async () => {
    while (!stopped && token) {
      controller = new AbortController();
      try {
        const response = await fetch('/api/v1/stream', {
          headers: headers({ Accept: 'text/event-stream' }), signal: controller.signal,
        });
        if (!response.ok) throw await problemOf(response);
        pause = 1000;
        await readEvents(response.body, onEvent);
      } catch (e) {
        if (stopped) return;
        if (e instanceof ApiProblem && e.status === 429) pause = Math.max(pause, Number(e.retryAfter || 5) * 1000);
      }
      await new Promise(r => setTimeout(r, pause));
      pause = Math.min(pause * 2, 30000);
    }
  };
  run();
  return { stop() { stopped = true; if (controller) controller.abort(); } };
}

async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      let type = 'message';
      const data = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') type = val;
        if (field === 'data') data.push(val);
      }
      if (data.length) {
        try { onEvent(type, JSON.parse(data.join('\n'))); } catch { /* a malformed event is skipped */ }
      }
    }
  }
}

/** Media URLs point at the API's public base URL; the same path on this origin keeps images same-origin. */
export function mediaPath(url) {
  try {
    const parsed = new URL(url, location.origin);
    return parsed.pathname.startsWith('/api/v1/media/') ? parsed.pathname : null;
  } catch {
    return null;
  }
}
