package dev.chirp.user.profile;

import java.util.List;

import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.id.ChirpIds;
import dev.chirp.shared.web.BatchIds;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/users?ids=1,2,3&viewer=7}: cluster-internal batch lookup (internal API 1, docs/internal-apis.md). Answers the
 * known accounts in the order asked; {@code followed_by_me} is for {@code viewer}, null without one.
 */
@RestController
class InternalUsersController {

    private final UserViews views;

    InternalUsersController(UserViews views) {
        this.views = views;
    }

    record Users(List<UserView> items) {
    }

    @GetMapping("/internal/users")
    Users users(@RequestParam(defaultValue = "") String ids, @RequestParam(required = false) String viewer) {
        List<Long> parsed = BatchIds.parse(ids);
        Long viewerId = viewer == null || viewer.isEmpty() ? null : ChirpIds.parse(viewer)
                .orElseThrow(() -> ApiException.invalid("viewer", "must be an ID"));
        return new Users(views.of(parsed, viewerId));
    }
}
