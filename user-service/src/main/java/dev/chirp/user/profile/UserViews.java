package dev.chirp.user.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.chirp.shared.id.ChirpIds;
import dev.chirp.user.account.Account;
import dev.chirp.user.account.AccountStore;
import dev.chirp.user.counts.Counts;
import dev.chirp.user.counts.UserCounts;
import dev.chirp.user.graph.FollowStore;
import org.springframework.stereotype.Component;

/** Builds docs/03-api.md's {@code User} from an account, its counts and whether the viewer follows it. */
@Component
public class UserViews {

    private final AccountStore accounts;
    private final UserCounts counts;
    private final FollowStore graph;

    UserViews(AccountStore accounts, UserCounts counts, FollowStore graph) {
        this.accounts = accounts;
        this.counts = counts;
        this.graph = graph;
    }

    /** One account as {@code viewer} (null when anonymous) sees it. */
    public UserView of(Account account, Long viewer) {
        Boolean followed = viewer == null ? null
                : viewer != account.id() && !graph.followedAmong(viewer, List.of(account.id())).isEmpty();
        return view(account, counts.of(account.id()), followed, null);
    }

    /** The account with its e-mail, for its owner. */
    public UserView ofOwner(Account account) {
        return view(account, counts.of(account.id()), false, account.email());
    }

    /** The existing accounts among {@code ids}, in the order given. */
    public List<UserView> of(Collection<Long> ids, Long viewer) {
        Map<Long, Account> found = accounts.byIds(ids);
        Map<Long, Counts> countsById = counts.of(found.keySet());
        Set<Long> followed = viewer == null ? Set.of() : graph.followedAmong(viewer, found.keySet());
        List<UserView> views = new ArrayList<>(found.size());
        for (Account account : found.values()) {
            views.add(view(account, countsById.get(account.id()),
                    viewer == null ? null : followed.contains(account.id()), null));
        }
        return views;
    }

    private static UserView view(Account account, Counts counts, Boolean followedByMe, String email) {
        return new UserView(ChirpIds.format(account.id()), account.handle(), account.displayName(), account.bio(),
                account.location(), account.avatarUrl(), account.createdAt(), counts.followers(), counts.following(),
                counts.tweets(), followedByMe, email);
    }
}
