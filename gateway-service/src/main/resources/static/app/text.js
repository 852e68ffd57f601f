// The tweet length as tweet-service's TweetText counts it: NFC first, then Unicode code points (a string
// iterator yields code points, so an emoji is one, and "e" + combining acute becomes one "é").
export const MAX_TWEET = 280;

export function tweetLength(text) {
  let count = 0;
  for (const _ of text.normalize('NFC')) count++;
  return count;
}

/** Splits tweet text into plain runs, #tags and @mentions, for rendering as text nodes and links. */
export function tokens(text) {
  const out = [];
  const pattern = /([#@])([\p{L}\p{N}\p{M}_]+)/gu;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const before = match.index === 0 ? '' : text[match.index - 1];
    if (before && /[\p{L}\p{N}_]/u.test(before)) continue;
    if (match.index > last) out.push({ kind: 'text', value: text.slice(last, match.index) });
    out.push({ kind: match[1] === '#' ? 'tag' : 'mention', value: match[2] });
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', value: text.slice(last) });
  return out;
}
