package dev.chirp.user.auth;

import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.chirp.testsupport.web.ChirpWebSlice;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * {@code GET /.well-known/jwks.json} in a web slice: open without any token, it answers the signing keys' public
 * halves as a JWK set and never a private part. The signing keys are mocked.
 */
@ChirpWebSlice(JwksController.class)
class JwksControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    SigningKeys keys;

    @Test
    void theKeySetIsOpenAndHoldsOnlyThePublicHalves() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("key-1").generate();
        // what a careless SigningKeys might hand out: the set with the private key in it
        when(keys.publicKeys()).thenReturn(new JWKSet(key));

        mvc.perform(get("/.well-known/jwks.json"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.keys[0].kid").value("key-1"))
                .andExpect(jsonPath("$.keys[0].kty").value("RSA"))
                .andExpect(jsonPath("$.keys[0].n").value(key.getModulus().toString()))
                .andExpect(jsonPath("$.keys[0].d").doesNotExist())
                .andExpect(jsonPath("$.keys[0].p").doesNotExist());
    }
}
