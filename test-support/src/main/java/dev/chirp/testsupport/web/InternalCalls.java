package dev.chirp.testsupport.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.chirp.testsupport.TestServiceTokens;
import dev.chirp.testsupport.TestTokens;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Calls of the internal batch lookups ({@code /internal/**}) in the controller slice tests of the services that
 * answer them: signed as a sibling service signs them, and every way a call can lack a valid service credential.
 */
public final class InternalCalls {

    private InternalCalls() {
    }

    /** {@code GET target} with a service credential for exactly this call. */
    public static MockHttpServletRequestBuilder signedGet(String target) {
        return get(target).header(TestServiceTokens.HEADER, TestServiceTokens.forCall("GET", target));
    }

    /**
     * Each is a 401 (problem+json where the credential is missing or for another call): {@code GET path} without a
     * credential, with a user's bearer token, with a credential of another deployment, with an expired one; and
     * {@code GET target} with a credential signed for {@code signedFor}, another call.
     */
    public static void assertRefusedWithoutAValidCredential(MockMvc mvc, String path, String target,
                                                            String signedFor) throws Exception {
        mvc.perform(get(path))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get(path).header("Authorization", TestTokens.bearer(7)))
                .andExpect(status().isUnauthorized());
        mvc.perform(get(path).header(TestServiceTokens.HEADER, TestServiceTokens.fromAnotherDeployment("GET", path)))
                .andExpect(status().isUnauthorized());
        mvc.perform(get(path).header(TestServiceTokens.HEADER, TestServiceTokens.expired("GET", path)))
                .andExpect(status().isUnauthorized());
        mvc.perform(get(target).header(TestServiceTokens.HEADER, TestServiceTokens.forCall("GET", signedFor)))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
