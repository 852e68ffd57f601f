package dev.chirp.gateway.auth;

import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which requests work without a token: the public list, minus the private exceptions. Public so that the merged
 * OpenAPI document (apidocs) marks the same operations public as the access filter lets through.
 */
public final class PathRules {

    private record Rule(HttpMethod method, PathPattern pattern) {

        boolean matches(HttpMethod requestMethod, PathContainer path) {
            boolean methodMatches = method == null || method.equals(requestMethod)
                    || (HttpMethod.GET.equals(method) && HttpMethod.HEAD.equals(requestMethod));
            return methodMatches && pattern.matches(path);
        }
    }

    private final List<Rule> publicRules;
    private final List<Rule> privateRules;

    public PathRules(List<String> publicPaths, List<String> privatePaths) {
        this.publicRules = publicPaths.stream().map(PathRules::parse).toList();
        this.privateRules = privatePaths.stream().map(PathRules::parse).toList();
    }

    public boolean isPublic(HttpMethod method, PathContainer path) {
        return publicRules.stream().anyMatch(rule -> rule.matches(method, path))
                && privateRules.stream().noneMatch(rule -> rule.matches(method, path));
    }

    /** {@code "GET /api/v1/tweets/*"} or just {@code "/api/v1/tweets/*"} for any method. */
    private static Rule parse(String rule) {
        String[] parts = rule.trim().split("\\s+", 2);
        HttpMethod method = parts.length == 2 ? HttpMethod.valueOf(parts[0]) : null;
        String pattern = parts.length == 2 ? parts[1] : parts[0];
        return new Rule(method, PathPatternParser.defaultInstance.parse(pattern));
    }
}
