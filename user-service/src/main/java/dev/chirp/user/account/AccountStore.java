package dev.chirp.user.account;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.shared.cassandra.LoggedBatches;
import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.event.UserCreated;
import dev.chirp.shared.event.UserUpdated;
import dev.chirp.shared.id.ChirpIds;
import dev.chirp.shared.id.TimeOrderedIdGenerator;
import dev.chirp.shared.outbox.Outbox;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Repository;

/**
 * Accounts in Cassandra. A handle and an e-mail are claimed with lightweight transactions before the account row
 * is written, so two concurrent sign-ups for one handle (or e-mail) cannot both win; a sign-up that loses its
 * second claim gives the first one back, so a refused sign-up leaves nothing behind.
 */
@Repository
public class AccountStore {

    private static final String COLUMNS = "id, handle, email, password_hash, display_name, bio, location, "
            + "avatar_media_id, avatar_url, created_at";

    private final CqlSession session;
    private final LoggedBatches batches;
    private final Outbox outbox;
    private final TimeOrderedIdGenerator ids;
    private final PreparedStatement selectById;
    private final PreparedStatement selectHandle;
    private final PreparedStatement selectEmail;
    private final PreparedStatement claimHandle;
    private final PreparedStatement claimEmail;
    private final PreparedStatement releaseHandle;
    private final PreparedStatement releaseEmail;
    private final PreparedStatement insertUser;
    private final PreparedStatement updateProfile;
    private final PreparedStatement updatePasswordHash;

    AccountStore(CqlSession session, LoggedBatches batches, Outbox outbox, TimeOrderedIdGenerator ids) {
        this.session = session;
        this.batches = batches;
        this.outbox = outbox;
        this.ids = ids;
        this.selectById = session.prepare("SELECT " + COLUMNS + " FROM users WHERE id = ?");
        this.selectHandle = session.prepare("SELECT user_id FROM users_by_handle WHERE handle_key = ?");
        this.selectEmail = session.prepare("SELECT user_id FROM users_by_email WHERE email_key = ?");
        this.claimHandle = session.prepare(
                "INSERT INTO users_by_handle (handle_key, user_id) VALUES (?, ?) IF NOT EXISTS");
        this.claimEmail = session.prepare(
                "INSERT INTO users_by_email (email_key, user_id) VALUES (?, ?) IF NOT EXISTS");
        this.releaseHandle = session.prepare("DELETE FROM users_by_handle WHERE handle_key = ? IF user_id = ?");
        this.releaseEmail = session.prepare("DELETE FROM users_by_email WHERE email_key = ? IF user_id = ?");
        this.insertUser = session.prepare("INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.updateProfile = session.prepare("UPDATE users SET display_name = ?, bio = ?, location = ?, "
                + "avatar_media_id = ?, avatar_url = ? WHERE id = ?");
        // conditional on the hash read at login, so a re-hash never overwrites a password changed meanwhile
        this.updatePasswordHash = session.prepare("UPDATE users SET password_hash = ? WHERE id = ? "
                + "IF password_hash = ?");
    }

    /** Creates the account and its {@code UserCreated} event; 409 when the handle or e-mail is taken. */
    public Account create(String handle, String email, String passwordHash, String displayName) {
        long id = ids.nextId();
        String handleKey = AccountRules.handleKey(handle);
        if (!session.execute(claimHandle.bind(handleKey, id)).wasApplied()) {
            throw ApiException.conflict("The handle is taken.");
        }
        String emailKey = AccountRules.emailKey(email);
        boolean emailClaimed;
        try {
            emailClaimed = session.execute(claimEmail.bind(emailKey, id)).wasApplied();
        } catch (RuntimeException unknownOutcome) {
            // The claim may or may not have been taken; both releases only remove claims that are ours.
            session.execute(releaseEmail.bind(emailKey, id));
            session.execute(releaseHandle.bind(handleKey, id));
            throw unknownOutcome;
        }
        if (!emailClaimed) {
            session.execute(releaseHandle.bind(handleKey, id));
            throw ApiException.conflict("An account with this e-mail exists.");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Account account = new Account(id, handle, email, passwordHash, displayName, null, null, null, null, now);
        BoundStatement event = outbox.insert(new UserCreated(account.snapshot()), now);
        batches.execute(BatchStatement.builder(BatchType.LOGGED)
                .addStatement(insertUser.bind(id, handle, email, passwordHash, displayName, null, null, null, null,
                        now))
                .addStatement(event)
                .build());
        outbox.nudge(event);
        return account;
    }

    /**
     * Replaces the stored hash with {@code newHash} (same password, current scheme) if it is still the one
     * {@code account} was read with.
     */
    public void rehashPassword(Account account, String newHash) {
        session.execute(updatePasswordHash.bind(newHash, account.id(), account.passwordHash()));
    }

    /** Stores the profile fields of {@code account} and publishes {@code UserUpdated}. */
    public void updateProfile(Account account) {
        BoundStatement event = outbox.insert(new UserUpdated(account.snapshot()), Instant.now());
        batches.execute(BatchStatement.builder(BatchType.LOGGED)
                .addStatement(updateProfile.bind(account.displayName(), account.bio(), account.location(),
                        account.avatarMediaId(), account.avatarUrl(), account.id()))
                .addStatement(event)
                .build());
        outbox.nudge(event);
    }

    public Optional<Account> byId(long id) {
        return Optional.ofNullable(session.execute(selectById.bind(id)).one()).map(AccountStore::toAccount);
    }

    /** The accounts that exist among {@code ids}, in the order asked, read in parallel. */
    public Map<Long, Account> byIds(Collection<Long> ids) {
        Map<Long, CompletionStage<AsyncResultSet>> pending = new LinkedHashMap<>();
        for (Long id : ids) {
            pending.putIfAbsent(id, session.executeAsync(selectById.bind(id)));
        }
        Map<Long, Account> found = new LinkedHashMap<>();
        pending.forEach((id, result) -> {
            Row row = result.toCompletableFuture().join().one();
            if (row != null && row.getString("handle") != null) {
                found.put(id, toAccount(row));
            }
        });
        return found;
    }

    public Optional<Account> byHandle(String handle) {
        return idOf(session.execute(selectHandle.bind(AccountRules.handleKey(handle))).one()).flatMap(this::byId);
    }

    public Optional<Account> byEmail(String email) {
        return idOf(session.execute(selectEmail.bind(AccountRules.emailKey(email))).one()).flatMap(this::byId);
    }

    /** An account by {@code "@handle"} (any case) or by decimal ID; empty for anything else. */
    public Optional<Account> byReference(String reference) {
        if (reference.startsWith("@")) {
            String handle = reference.substring(1);
            return AccountRules.isHandle(handle) ? byHandle(handle) : Optional.empty();
        }
        return ChirpIds.parse(reference).flatMap(this::byId);
    }

    private static Optional<Long> idOf(@Nullable Row row) {
        return row == null ? Optional.empty() : Optional.of(row.getLong("user_id"));
    }

    private static Account toAccount(Row row) {
        return new Account(row.getLong("id"), row.getString("handle"), row.getString("email"),
                row.getString("password_hash"), row.getString("display_name"), row.getString("bio"),
                row.getString("location"), row.get("avatar_media_id", Long.class), row.getString("avatar_url"),
                row.getInstant("created_at"));
    }
}
