package dev.chirp.user.profile;

import java.util.ArrayList;
import java.util.List;

import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.error.FieldProblem;
import dev.chirp.shared.id.ChirpIds;
import dev.chirp.shared.security.Caller;
import dev.chirp.user.account.Account;
import dev.chirp.user.account.AccountRules;
import dev.chirp.user.account.AccountStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own account, and anyone's public profile. */
@RestController
@RequestMapping("/api/v1/users")
class ProfileController {

    private final AccountStore accounts;
    private final UserViews views;
    private final AvatarMediaClient avatars;

    ProfileController(AccountStore accounts, UserViews views, AvatarMediaClient avatars) {
        this.accounts = accounts;
        this.views = views;
        this.avatars = avatars;
    }

    /** Absent (null) fields stay as they are; an empty string clears a text field. */
    record ProfilePatch(String displayName, String bio, String location, String avatarMediaId) {
    }

    @GetMapping("/me")
    UserView me(Caller caller) {
        return views.ofOwner(ownAccount(caller));
    }

    @PatchMapping("/me")
    UserView update(Caller caller, @RequestBody ProfilePatch patch) {
        Account account = ownAccount(caller);
        List<FieldProblem> problems = new ArrayList<>();
        String displayName = AccountRules.profileText("display_name", patch.displayName(),
                AccountRules.DISPLAY_NAME_MAX, problems);
        String bio = AccountRules.profileText("bio", patch.bio(), AccountRules.BIO_MAX, problems);
        String location = AccountRules.profileText("location", patch.location(), AccountRules.LOCATION_MAX,
                problems);
        Long mediaId = null;
        if (patch.avatarMediaId() != null && !patch.avatarMediaId().isEmpty()) {
            mediaId = ChirpIds.parse(patch.avatarMediaId()).orElse(null);
            if (mediaId == null) {
                problems.add(new FieldProblem("avatar_media_id", "is not an ID"));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
        Long avatarMediaId = account.avatarMediaId();
        String avatarUrl = account.avatarUrl();
        if (mediaId != null) {
            avatarUrl = avatars.urlOfOwnImage(mediaId, account.id());
            avatarMediaId = mediaId;
        } else if ("".equals(patch.avatarMediaId())) {
            avatarMediaId = null;
            avatarUrl = null;
        }
        Account updated = account.withProfile(
                merge(account.displayName(), displayName, account.handle()),
                merge(account.bio(), bio, null),
                merge(account.location(), location, null),
                avatarMediaId, avatarUrl);
        if (!updated.equals(account)) {
            accounts.updateProfile(updated);
        }
        return views.ofOwner(updated);
    }

    @GetMapping("/{reference}")
    UserView user(@PathVariable String reference, Caller caller) {
        Account account = accounts.byReference(reference)
                .orElseThrow(() -> ApiException.notFound("No such user."));
        return views.of(account, caller.optionalId().orElse(null));
    }

    private Account ownAccount(Caller caller) {
        return accounts.byId(caller.requireId())
                .orElseThrow(() -> ApiException.notFound("The account of this token does not exist."));
    }

    /** A patch value: null keeps the current one, "" clears it (to {@code cleared}). */
    private static String merge(String current, String patched, String cleared) {
        if (patched == null) {
            return current;
        }
        return patched.isEmpty() ? cleared : patched;
    }
}
