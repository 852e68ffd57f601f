package dev.chirp.user.profile;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.Optional;

import dev.chirp.testsupport.TestTokens;
import dev.chirp.testsupport.web.ChirpWebSlice;
import dev.chirp.user.account.Account;
import dev.chirp.user.account.AccountStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Profiles in a web slice: {@code /me} is the token's own account (401 without one, although {@code GET} on
 * {@code /api/v1/users/*} is public), a patch is checked field by field before anything is saved, only a change is
 * saved, an avatar is one of the caller's own images, and anyone's profile is public, seen as the caller when there is
 * one. Store, views and the avatar client are mocked.
 */
@ChirpWebSlice(ProfileController.class)
class ProfileControllerTest {

    private static final Account BOB = new Account(7, "bob_1", "bob@example.org", "hash", "Bob", "old bio", "Oslo",
            null, null, Instant.parse("2026-01-01T00:00:00Z"));

    @Autowired
    MockMvc mvc;
    @MockitoBean
    AccountStore accounts;
    @MockitoBean
    UserViews views;
    @MockitoBean
    AvatarMediaClient avatars;

    @Test
    void meIsTheTokensOwnAccountWithItsEmail() throws Exception {
        when(accounts.byId(7)).thenReturn(Optional.of(BOB));
        when(views.ofOwner(BOB)).thenReturn(view(BOB, "bob@example.org"));

        mvc.perform(get("/api/v1/users/me").header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.handle").value("bob_1"))
                .andExpect(jsonPath("$.email").value("bob@example.org"));
    }

    @Test
    void meWithoutAValidTokenIs401AndReadsNoAccount() throws Exception {
        mvc.perform(get("/api/v1/users/me"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/v1/users/me").header("Authorization", "Bearer " + TestTokens.signedByStranger(7)))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(accounts, views);
    }

    @Test
    void theAccountOfATokenThatNoLongerExistsIs404() throws Exception {
        when(accounts.byId(7)).thenReturn(Optional.empty());

        mvc.perform(get("/api/v1/users/me").header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(views);
    }

    @Test
    void aPatchChangesOnlyTheFieldsItNamesAndAnEmptyStringClears() throws Exception {
        when(accounts.byId(7)).thenReturn(Optional.of(BOB));
        Account updated = BOB.withProfile("Bobby", null, "Oslo", null, null);
        when(views.ofOwner(updated)).thenReturn(view(updated, "bob@example.org"));

        mvc.perform(patch("/api/v1/users/me").header("Authorization", TestTokens.bearer(7))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"display_name\":\" Bobby \",\"bio\":\"\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.display_name").value("Bobby"));

        verify(accounts).updateProfile(updated);
        verifyNoInteractions(avatars);
    }

    @Test
    void aPatchThatChangesNothingSavesNothing() throws Exception {
        when(accounts.byId(7)).thenReturn(Optional.of(BOB));
        when(views.ofOwner(BOB)).thenReturn(view(BOB, "bob@example.org"));

        mvc.perform(patch("/api/v1/users/me").header("Authorization", TestTokens.bearer(7))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"location\":\"Oslo\"}"))
                .andExpect(status().isOk());

        verify(accounts, never()).updateProfile(any());
    }

    @Test
    void anAvatarIsTheCallersOwnImageAndItsUrlIsKept() throws Exception {
        when(accounts.byId(7)).thenReturn(Optional.of(BOB));
        when(avatars.urlOfOwnImage(555, 7)).thenReturn("https://media.example/555");

        mvc.perform(patch("/api/v1/users/me").header("Authorization", TestTokens.bearer(7))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"avatar_media_id\":\"555\"}"))
                .andExpect(status().isOk());

        verify(accounts).updateProfile(BOB.withProfile("Bob", "old bio", "Oslo", 555L, "https://media.example/555"));
    }

    @Test
    void aPatchWithoutAValidTokenIs401AndChangesNothing() throws Exception {
        mvc.perform(patch("/api/v1/users/me").contentType(MediaType.APPLICATION_JSON).content("{\"bio\":\"x\"}"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(patch("/api/v1/users/me").header("Authorization", "Bearer " + TestTokens.expired(7))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"bio\":\"x\"}"))
                .andExpect(status().isUnauthorized());
        verifyNoInteractions(accounts, avatars);
    }

    @Test
    void badFieldsAre400NamingEachFieldAndNothingIsSaved() throws Exception {
        when(accounts.byId(7)).thenReturn(Optional.of(BOB));

        mvc.perform(patch("/api/v1/users/me").header("Authorization", TestTokens.bearer(7))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"display_name\":\"" + "a".repeat(51) + "\",\"bio\":\"bell\\u0007\","
                                + "\"avatar_media_id\":\"abc\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("display_name"))
                .andExpect(jsonPath("$.errors[1].field").value("bio"))
                .andExpect(jsonPath("$.errors[2].field").value("avatar_media_id"));

        verify(accounts, never()).updateProfile(any());
        verifyNoInteractions(avatars);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"bio\":", "not json", "{\"bio\":{\"a\":1}}"})
    void malformedOrMistypedJsonIs400ProblemAndNothingIsRead(String body) throws Exception {
        mvc.perform(patch("/api/v1/users/me").header("Authorization", TestTokens.bearer(7))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400));
        verifyNoInteractions(accounts, avatars);
    }

    @Test
    void anyonesProfileIsPublicAndSeenAsTheCallerWhenThereIsOne() throws Exception {
        when(accounts.byReference("@bob_1")).thenReturn(Optional.of(BOB));
        when(views.of(BOB, null)).thenReturn(view(BOB, null));

        mvc.perform(get("/api/v1/users/@bob_1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.handle").value("bob_1"))
                .andExpect(jsonPath("$.email").doesNotExist());
        mvc.perform(get("/api/v1/users/@bob_1").header("Authorization", TestTokens.bearer(9)))
                .andExpect(status().isOk());

        verify(views).of(BOB, null);
        verify(views).of(BOB, 9L);
    }

    @Test
    void anUnknownUserIs404Problem() throws Exception {
        when(accounts.byReference("@nobody")).thenReturn(Optional.empty());

        mvc.perform(get("/api/v1/users/@nobody"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(views);
    }

    private static UserView view(Account account, String email) {
        return new UserView(Long.toString(account.id()), account.handle(), account.displayName(), account.bio(),
                account.location(), account.avatarUrl(), account.createdAt(), 0, 0, 0, null, email);
    }
}
