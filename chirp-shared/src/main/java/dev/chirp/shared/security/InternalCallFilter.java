package dev.chirp.shared.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.chirp.shared.error.ProblemTypes;
import dev.chirp.shared.web.ProblemWriter;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every {@code /internal/**} request without a valid {@link ServiceToken}: 401 problem, whether the header
 * is missing, expired, for another request or signed with another secret (one answer for all, so a prober learns
 * nothing about which). It runs inside the security filter chain, after Spring Security's firewall has refused
 * dot segments, encoded slashes and {@code ;}, and matches with the same path parsing as Spring MVC, so no spelling of
 * an internal path reaches a controller around it. The header's value is never logged.
 */
class InternalCallFilter extends OncePerRequestFilter {

    private static final RequestMatcher INTERNAL = PathPatternRequestMatcher.withDefaults().matcher("/internal/**");

    private final ServiceToken tokens;
    private final ProblemWriter problems;

    InternalCallFilter(ServiceToken tokens, ProblemWriter problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !INTERNAL.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String target = request.getQueryString() == null ? request.getRequestURI()
                : request.getRequestURI() + "?" + request.getQueryString();
        if (!tokens.accepts(request.getHeader(ServiceToken.HEADER), request.getMethod(), target)) {
            problems.write(request, response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED,
                    "Internal endpoints answer Chirp services only: a valid " + ServiceToken.HEADER
                            + " is required.");
            return;
        }
        chain.doFilter(request, response);
    }
}
