package dev.chirp.user.auth;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;

import dev.chirp.testsupport.web.ChirpWebSlice;
import dev.chirp.user.account.Account;
import dev.chirp.user.account.AccountStore;
import dev.chirp.user.profile.UserViews;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Sign-up and login in a web slice: they need no token, check their fields before anything is stored or looked up,
 * and answer 400 problem+json naming each bad field. The account store, password hashing and token issuing are
 * mocked; what they do is AuthIT's.
 */
@ChirpWebSlice(AuthController.class)
class AuthControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    AccountStore accounts;
    @MockitoBean
    PasswordEncoder passwords;
    @MockitoBean
    TokenIssuer tokens;
    @MockitoBean
    UserViews views;

    @Test
    void aSignupNeedsNoTokenAndAnswers201WithAnAccessToken() throws Exception {
        Account created = new Account(5, "alice_1", "alice@example.org", "hash", "alice_1", null, null, null, null,
                Instant.now());
        when(passwords.encode(any())).thenReturn("hash");
        when(accounts.create("alice_1", "alice@example.org", "hash", "alice_1")).thenReturn(created);
        when(tokens.issue(5)).thenReturn("token-of-5");
        when(tokens.ttl()).thenReturn(Duration.ofMinutes(15));

        mvc.perform(post("/api/v1/auth/signup").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"handle\":\"alice_1\",\"email\":\"alice@example.org\",\"password\":\"correct horse\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.access_token").value("token-of-5"))
                .andExpect(jsonPath("$.token_type").value("Bearer"))
                .andExpect(jsonPath("$.expires_in").value(900));
    }

    @Test
    void aSignupMissingEveryFieldNamesEachAndStoresNothing() throws Exception {
        mvc.perform(post("/api/v1/auth/signup").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field").value(
                        org.hamcrest.Matchers.hasItems("handle", "email", "password")));
        verifyNoInteractions(accounts);
    }

    @Test
    void anOversizedHandlePasswordOrDisplayNameIs400() throws Exception {
        mvc.perform(post("/api/v1/auth/signup").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"handle\":\"" + "h".repeat(16) + "\",\"email\":\"a@example.org\",\"password\":\""
                                + "p".repeat(129) + "\",\"display_name\":\"" + "d".repeat(51) + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field").value(
                        org.hamcrest.Matchers.hasItems("handle", "password", "display_name")));
        verifyNoInteractions(accounts);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"handle\":", "not json", "[]", "{\"handle\":{\"a\":1},\"email\":\"a@example.org\"}"})
    void malformedOrMistypedJsonIs400Problem(String body) throws Exception {
        mvc.perform(post("/api/v1/auth/signup").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400));
        verifyNoInteractions(accounts);
    }

    @Test
    void aLoginWithoutLoginOrPasswordIs400AndLooksNothingUp() throws Exception {
        mvc.perform(post("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON).content("{\"login\":\" \"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.hasItems("login", "password")));
        verifyNoInteractions(accounts);
    }

    @Test
    void aLoginOfAnUnknownAccountIs401Problem() throws Exception {
        when(accounts.byReference("@nobody")).thenReturn(java.util.Optional.empty());

        mvc.perform(post("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"login\":\"nobody\",\"password\":\"correct horse\"}"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
