package dev.chirp.user.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.chirp.shared.error.ApiException;
import dev.chirp.shared.error.FieldProblem;
import dev.chirp.user.account.Account;
import dev.chirp.user.account.AccountRules;
import dev.chirp.user.account.AccountStore;
import dev.chirp.user.profile.UserView;
import dev.chirp.user.profile.UserViews;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sign-up and login: both answer a {@code User} and an access token. */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    private static final String LOGIN_FAILED = "The login or the password is wrong.";

    private final AccountStore accounts;
    private final PasswordEncoder passwords;
    private final TokenIssuer tokens;
    private final UserViews views;
    /** Checked when the account does not exist, so that a miss costs as long as a wrong password. */
    private final String dummyHash;

    AuthController(AccountStore accounts, PasswordEncoder passwords, TokenIssuer tokens, UserViews views) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.tokens = tokens;
        this.views = views;
        this.dummyHash = passwords.encode("not-a-real-password-" + System.nanoTime());
    }

    record SignupRequest(String handle, String email, String password, String displayName) {
    }

    record LoginRequest(String login, String password) {
    }

    record Session(UserView user, String accessToken, String tokenType, long expiresIn) {
    }

    @PostMapping("/signup")
    @ResponseStatus(HttpStatus.CREATED)
    Session signup(@RequestBody SignupRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        AccountRules.checkHandle(request.handle(), problems);
        AccountRules.checkEmail(request.email(), problems);
        AccountRules.checkPassword(request.password(), problems);
        String displayName = AccountRules.profileText("display_name", request.displayName(),
                AccountRules.DISPLAY_NAME_MAX, problems);
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
        Account account = accounts.create(request.handle(), request.email(), passwords.encode(request.password()),
                displayName == null || displayName.isEmpty() ? request.handle() : displayName);
        return session(account);
    }

    @PostMapping("/login")
    Session login(@RequestBody LoginRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request.login() == null || request.login().isBlank()) {
            problems.add(new FieldProblem("login", "is required"));
        }
        if (request.password() == null) {
            problems.add(new FieldProblem("password", "is required"));
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
        String login = request.login().strip();
        Optional<Account> account = AccountRules.looksLikeEmail(login) ? accounts.byEmail(login)
                : accounts.byReference(login.startsWith("@") ? login : "@" + login);
        if (account.isEmpty()) {
            passwords.matches(request.password(), dummyHash);
            throw ApiException.unauthorized(LOGIN_FAILED);
        }
        if (!passwords.matches(request.password(), account.get().passwordHash())) {
            throw ApiException.unauthorized(LOGIN_FAILED);
        }
        if (passwords.upgradeEncoding(account.get().passwordHash())) {
            // a hash of an older scheme (plain bcrypt, see PasswordHashing): store the current one now that the
            // password is known
            accounts.rehashPassword(account.get(), passwords.encode(request.password()));
        }
        return session(account.get());
    }

    private Session session(Account account) {
        return new Session(views.of(account, account.id()), tokens.issue(account.id()), "Bearer",
                tokens.ttl().toSeconds());
    }
}
