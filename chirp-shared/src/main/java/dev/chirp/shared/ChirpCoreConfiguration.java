package dev.chirp.shared;

import java.util.List;

import dev.chirp.shared.event.EventCodec;
import dev.chirp.shared.event.Topic;
import dev.chirp.shared.event.Topics;
import dev.chirp.shared.id.IdProperties;
import dev.chirp.shared.id.TimeOrderedIdGenerator;
import dev.chirp.shared.web.ApiJson;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

import tools.jackson.databind.PropertyNamingStrategies;

/** What every Chirp process gets: the ID generator, the event codec, topic names, the API's JSON conventions. */
@AutoConfiguration(beforeName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@EnableConfigurationProperties({IdProperties.class, Topics.class})
public class ChirpCoreConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TimeOrderedIdGenerator timeOrderedIdGenerator(IdProperties properties) {
        return new TimeOrderedIdGenerator(properties.workerId());
    }

    @Bean
    @ConditionalOnMissingBean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    /**
     * The API's JSON conventions (docs/03-api.md): snake_case fields, times with milliseconds, and no silent
     * coercion of a number or boolean into a text field: Jackson would accept {@code {"text": 5}} as the tweet "5",
     * where the contract calls a wrong type a 400.
     */
    @Bean
    JsonMapperBuilderCustomizer chirpApiJson() {
        return builder -> builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .addModule(ApiJson.module())
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /** Creates Chirp's topics (KafkaAdmin does it at startup, skipping those that exist). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(KafkaAdmin.class)
    static class TopicsConfiguration {

        @Bean
        KafkaAdmin.NewTopics chirpTopics(Topics topics) {
            return new KafkaAdmin.NewTopics(List.of(Topic.values()).stream()
                    .map(topic -> new NewTopic(topics.name(topic), topics.partitions(), topics.replicas()))
                    .toArray(NewTopic[]::new));
        }
    }
}
