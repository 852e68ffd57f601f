package dev.chirp.timeline.notifications;

import java.util.List;

import dev.chirp.shared.security.Caller;
import dev.chirp.shared.web.Page;
import dev.chirp.shared.web.PageRequest;
import dev.chirp.timeline.IdCursors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class NotificationController {

    private final NotificationStore store;
    private final NotificationViews views;

    NotificationController(NotificationStore store, NotificationViews views) {
        this.store = store;
        this.views = views;
    }

    /** Newest first; the cursor is the ID of the last notification served. */
    @GetMapping("/api/v1/notifications")
    Page<NotificationView> notifications(Caller caller, @RequestParam(required = false) Integer limit,
                                         @RequestParam(required = false) String cursor) {
        long userId = caller.requireId();
        PageRequest page = PageRequest.of(limit, cursor);
        NotificationStore.Found result = store.newest(userId, IdCursors.below(page), page.limit() + 1);
        List<NotificationStore.Stored> found = result.notifications();
        boolean more = found.size() > page.limit();
        List<NotificationStore.Stored> served = more ? found.subList(0, page.limit()) : found;
        String next = more ? IdCursors.after(served.get(served.size() - 1).id())
                : result.resumeBeforeId() == null ? null : IdCursors.after(result.resumeBeforeId());
        return new Page<>(views.render(served), next);
    }
}
