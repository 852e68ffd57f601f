package dev.chirp.shared.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.chirp.shared.security.Caller;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * What every service's {@code /v3/api-docs} needs so that the gateway's merged document tells a client the truth.
 * Each service adds its own {@link OperationDocs} bean (summaries, descriptions, the answers each call can give);
 * the gateway adds what is common to every call (security, rate limits, problem bodies).
 */
@AutoConfiguration
@ConditionalOnClass({OpenApiCustomizer.class, ModelResolver.class})
public class ApiDocsConfiguration {

    static {
        // Resolved from the verified token (CallerArgumentResolver), never sent by the client: springdoc would
        // otherwise document it as a required query parameter.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    /**
     * The services write snake_case (ChirpCoreConfiguration, on the Jackson 3 mapper); swagger-core reads the model
     * with its own Jackson 2 mapper, which would document every field in camelCase. springdoc replaces its default
     * resolver with this bean.
     */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        ObjectMapper mapper = Json31.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        return new ModelResolver(mapper).openapi31(true);
    }
}
