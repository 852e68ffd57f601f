package dev.chirp.user.account;

import java.util.ArrayList;
import java.util.List;

import dev.chirp.shared.error.FieldProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class AccountRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc", "A_1", "fifteen_chars_1", "___"})
    void validHandles(String handle) {
        assertThat(problems(p -> AccountRules.checkHandle(handle, p))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "sixteen_chars_12", "jörg", "a b", "a-b", "a.b", "ab\u200b", "@abc", "ＡＢＣ",
            "a'--", ""})
    void invalidHandles(String handle) {
        assertThat(problems(p -> AccountRules.checkHandle(handle, p))).extracting(FieldProblem::field)
                .containsExactly("handle");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@b.co", "first.last+tag@example.org", "ÜBER@example.de"})
    void validEmails(String email) {
        assertThat(problems(p -> AccountRules.checkEmail(email, p))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "a@b", "a b@c.d", "a@b@c.d", "@b.co", "a@b.", "a\u0000@b.co"})
    void invalidEmails(String email) {
        assertThat(problems(p -> AccountRules.checkEmail(email, p))).hasSize(1);
    }

    @Test
    void passwordLengthCountsCodePoints() {
        assertThat(problems(p -> AccountRules.checkPassword("\uD83D\uDC26".repeat(8), p))).isEmpty();
        assertThat(problems(p -> AccountRules.checkPassword("\uD83D\uDC26".repeat(4), p))).hasSize(1);
        assertThat(problems(p -> AccountRules.checkPassword("x".repeat(128), p))).isEmpty();
        assertThat(problems(p -> AccountRules.checkPassword("x".repeat(129), p))).hasSize(1);
        assertThat(problems(p -> AccountRules.checkPassword(null, p))).hasSize(1);
    }

    @Test
    void profileTextIsNormalisedAndCountedInCodePoints() {
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(AccountRules.profileText("bio", "e\u0301", 1, problems)).isEqualTo("\u00e9");
        assertThat(AccountRules.profileText("bio", "\uD83D\uDC26".repeat(160), 160, problems)).hasSize(320);
        assertThat(AccountRules.profileText("bio", null, 10, problems)).isNull();
        assertThat(AccountRules.profileText("bio", "  ", 10, problems)).isEmpty();
        assertThat(problems).isEmpty();
        assertThat(AccountRules.profileText("bio", "x".repeat(161), 160, problems)).isNull();
        assertThat(AccountRules.profileText("bio", "line\nbreak", 160, problems)).isNull();
        assertThat(problems).hasSize(2);
    }

    private static List<FieldProblem> problems(java.util.function.Consumer<List<FieldProblem>> check) {
        List<FieldProblem> problems = new ArrayList<>();
        check.accept(problems);
        return problems;
    }
}
