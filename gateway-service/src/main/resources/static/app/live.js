import { openStream, session } from './api.js';

// The live stream for the signed-in user: tweets wait in "pending" until the reader asks for them (the
// "N new tweets" bar); notifications raise the unread count.
export const live = {
  pending: [],
  unread: 0,
  onPending: null,
  onNotification: null,
  onUnread: null,
  stream: null,

  start() {
    this.stop();
    this.stream = openStream((type, data) => {
      if (type === 'tweet') {
        if (session.user && data.author.id === session.user.id) return;
        if (!this.pending.some(t => t.id === data.id)) this.pending.push(data);
        if (this.onPending) this.onPending(this.pending);
      } else if (type === 'notification') {
        this.unread++;
        if (this.onUnread) this.onUnread(this.unread);
        if (this.onNotification) this.onNotification(data);
      }
    });
  },
  stop() {
    if (this.stream) this.stream.stop();
    this.stream = null;
    this.pending = [];
    this.unread = 0;
    if (this.onUnread) this.onUnread(0);
  },
  takePending() { const out = this.pending; this.pending = []; return out; },
  pendingCount() { return this.pending.length; },
  markRead() { this.unread = 0; if (this.onUnread) this.onUnread(0); },
};
