package dev.chirp.user.account;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.chirp.shared.error.FieldProblem;
import org.jspecify.annotations.Nullable;

/** The one place that knows what a valid handle, e-mail, password and profile text are. */
public final class AccountRules {

    public static final int DISPLAY_NAME_MAX = 50;
    public static final int BIO_MAX = 160;
    public static final int LOCATION_MAX = 30;

    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9_]{3,15}");
    /** Deliberately loose: one @, no spaces or controls, a dot in the domain; real proof is a confirmation mail. */
    private static final Pattern EMAIL = Pattern.compile("[^\\s@\\p{Cntrl}]{1,64}@[^\\s@\\p{Cntrl}]+\\.[^\\s@\\p{Cntrl}.]+");
    private static final int EMAIL_MAX = 254;
    private static final int PASSWORD_MIN = 8;
    private static final int PASSWORD_MAX = 128;

    private AccountRules() {
    }

    /** The key that makes handles unique case-insensitively. */
    public static String handleKey(String handle) {
        return handle.toLowerCase(Locale.ROOT);
    }

    public static String emailKey(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    /** A login is an e-mail when it has an @, a handle otherwise. */
    public static boolean looksLikeEmail(String login) {
        return login.indexOf('@') >= 0;
    }

    public static boolean isHandle(@Nullable String text) {
        return text != null && HANDLE.matcher(text).matches();
    }

    public static void checkHandle(@Nullable String handle, List<FieldProblem> problems) {
        if (handle == null) {
            problems.add(new FieldProblem("handle", "is required"));
        } else if (!isHandle(handle)) {
            problems.add(new FieldProblem("handle", "must be 3 to 15 letters, digits or underscores"));
        }
    }

    public static void checkEmail(@Nullable String email, List<FieldProblem> problems) {
        if (email == null) {
            problems.add(new FieldProblem("email", "is required"));
        } else if (email.length() > EMAIL_MAX || !EMAIL.matcher(email).matches()) {
            problems.add(new FieldProblem("email", "is not an e-mail address"));
        }
    }

    public static void checkPassword(@Nullable String password, List<FieldProblem> problems) {
        if (password == null) {
            problems.add(new FieldProblem("password", "is required"));
            return;
        }
        int length = password.codePointCount(0, password.length());
        if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
            problems.add(new FieldProblem("password",
                    "must be " + PASSWORD_MIN + " to " + PASSWORD_MAX + " characters"));
        }
    }

    /**
     * A profile text: NFC-normalised, at most {@code max} code points, no control characters. Null stays null
     * (the field is not being changed); "" means the client clears it. Null too for a text refused into
     * {@code problems}.
     */
    public static @Nullable String profileText(String field, @Nullable String value, int max,
                                               List<FieldProblem> problems) {
        if (value == null) {
            return null;
        }
        String text = Normalizer.normalize(value, Normalizer.Form.NFC).strip();
        if (text.codePoints().anyMatch(Character::isISOControl)) {
            problems.add(new FieldProblem(field, "must not contain control characters"));
            return null;
        }
        if (text.codePointCount(0, text.length()) > max) {
            problems.add(new FieldProblem(field, "must be at most " + max + " characters"));
            return null;
        }
        return text;
    }
}
