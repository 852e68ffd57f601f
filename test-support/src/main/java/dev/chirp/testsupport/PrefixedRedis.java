package dev.chirp.testsupport;

import java.util.ArrayList;
import java.util.List;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The shared local Redis for a test class that writes keys under a fresh prefix of its own
 * ({@link TestNames#prefix()}): {@link #close} deletes every key under it and disconnects.
 *
 * <pre>{@code
 * private static final PrefixedRedis REDIS = PrefixedRedis.connect();
 * @AfterAll static void cleanUp() { REDIS.close(); }
 * }</pre>
 */
public final class PrefixedRedis implements AutoCloseable {

    private final String prefix = TestNames.prefix();
    private final LettuceConnectionFactory factory;
    private final StringRedisTemplate template;

    private PrefixedRedis(LettuceConnectionFactory factory) {
        this.factory = factory;
        this.template = new StringRedisTemplate(factory);
    }

    /** Connected to the Redis of {@link LocalStack#get()}. */
    public static PrefixedRedis connect() {
        LocalStack stack = LocalStack.get();
        LettuceConnectionFactory factory =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration(stack.redisHost(), stack.redisPort()));
        factory.afterPropertiesSet();
        factory.start();
        return new PrefixedRedis(factory);
    }

    /** The prefix every key of the test must start with, so that {@link #close} finds it. */
    public String prefix() {
        return prefix;
    }

    public StringRedisTemplate template() {
        return template;
    }

    @Override
    public void close() {
        List<String> keys = new ArrayList<>();
        try (Cursor<String> cursor = template.scan(ScanOptions.scanOptions().match(prefix + "*").count(1000).build())) {
            cursor.forEachRemaining(keys::add);
        }
        if (!keys.isEmpty()) {
            template.delete(keys);
        }
        factory.destroy();
    }
}
