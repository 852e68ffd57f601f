package dev.chirp.timeline;

import static dev.chirp.shared.web.OperationDocs.ref;

import dev.chirp.shared.web.OperationDocs;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** timeline-service's calls as docs/03-api.md "Timelines, notifications, the live stream" states them. */
@Configuration(proxyBeanMethods = false)
class TimelineApiDocs {

    private static final String TIMELINES = "Timelines";
    private static final String NOTIFICATIONS = "Notifications";

    @Bean
    OperationDocs timelineOperationDocs() {
        return new OperationDocs()
                .tag(TIMELINES, "The home timeline, and the live stream of what arrives in it.")
                .tag(NOTIFICATIONS, "Follows, likes, mentions and replies addressed to the caller.")
                // The page holds tweet-service's tweets as stored (JsonNode here): documented as that schema.
                .operation("home", op -> op.id("getHomeTimeline").tag(TIMELINES).summary("Read your home timeline")
                        .description("Your own tweets and those of everyone you follow, newest first. A new tweet "
                                + "reaches followers within seconds. The Server-Timing header says where the time "
                                + "went (informational).")
                        .success(200, "A page of tweets.", "application/json", ref("PageTweetView"))
                        .answer(400, "A bad limit or cursor."))
                .operation("notifications", op -> op.id("listNotifications").tag(NOTIFICATIONS)
                        .summary("List your notifications")
                        .description("A page of notifications, newest first; nobody is notified of their own actions.")
                        .answer(400, "A bad limit or cursor."))
                .operation("stream", op -> op.id("openStream").tag(TIMELINES).summary("Open the live stream")
                        .description("Server-Sent Events: event `tweet` (a Tweet new in your home timeline) and event "
                                + "`notification` (a Notification), a comment line at least every 15 s. The stream "
                                + "ends when the token that opened it expires; reconnect with a fresh one.")
                        .success(200, "The event stream.", "text/event-stream", new StringSchema())
                        .answer(429, "Too many open streams (5 per user): see Retry-After."));
    }
}
