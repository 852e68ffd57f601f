package dev.chirp.timeline.notifications;

import java.util.Locale;

enum NotificationType {
    FOLLOW, LIKE, MENTION, REPLY;

    /** The name on the wire and in the table: {@code follow}, {@code like}, ... */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static NotificationType fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
