package dev.chirp.shared.security;

import java.io.IOException;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Signs each outgoing call to a sibling's {@code /internal/**} with a fresh {@link ServiceToken}, at the moment it
 * is sent (so a retry gets a new one). Other calls go out untouched: the credential is for internal endpoints only.
 */
class ServiceTokenInterceptor implements ClientHttpRequestInterceptor {

    private final ServiceToken tokens;

    ServiceTokenInterceptor(ServiceToken tokens) {
        this.tokens = tokens;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        if (ServiceToken.isInternal(request.getURI().getRawPath())) {
            request.getHeaders().set(ServiceToken.HEADER,
                    tokens.issue(request.getMethod().name(), ServiceToken.target(request.getURI())));
        }
        return execution.execute(request, body);
    }
}
