package dev.chirp.shared.redis;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * What Lettuce does on a Redis Cluster when a primary dies (docs/07-bottlenecks-and-reliability.md, "Faults under
 * load"). Two of its defaults stand between a failover and the clients using it (in the fault run before this
 * change, requests failed for 14 s after a primary was killed; 6 s after it):
 * <ul>
 *   <li>commands for a node that is not connected are queued until it comes back or they time out (2 s each).
 *       Here they are refused at once, so a read degrades (or answers 503) without waiting; a single Redis server
 *       keeps Lettuce's default: there, a reconnect is the only way back;</li>
 *   <li>an adaptive refresh of the slot map may run only once per 30 s. The first can fire as soon as the dead
 *       node refuses reconnects, before the cluster has failed over, and read the old map; the new one would then
 *       wait for the periodic refresh. Here adaptive refreshes may run every 5 s. Not every second: each refresh
 *       opens a connection to every node from every instance, and a run with once a second on the CPU-starved
 *       2-core machine logged hundreds of failed refreshes and reconnects per service (the likely cause, not
 *       isolated: a build ran beside it).</li>
 * </ul>
 * The refresh period and dynamic sources stay Spring Boot's properties ({@code spring.data.redis.lettuce.cluster
 * .refresh.*}).
 */
@AutoConfiguration
@ConditionalOnClass({LettuceClientOptionsBuilderCustomizer.class, ClusterClientOptions.class})
@EnableConfigurationProperties(DataRedisProperties.class)
public class RedisClusterFailoverConfiguration {

    /** The fewest seconds between two adaptive refreshes of the slot map. */
    static final Duration ADAPTIVE_REFRESH_EVERY = Duration.ofSeconds(5);

    @Bean
    LettuceClientOptionsBuilderCustomizer redisClusterFailover(DataRedisProperties properties) {
        return builder -> {
            if (builder instanceof ClusterClientOptions.Builder cluster) {
                DataRedisProperties.Lettuce.Cluster.Refresh refresh = properties.getLettuce().getCluster().getRefresh();
                cluster.topologyRefreshOptions(topologyRefresh(refresh.isDynamicRefreshSources(), refresh.getPeriod(),
                                refresh.isAdaptive()))
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
            }
        };
    }

    static ClusterTopologyRefreshOptions topologyRefresh(boolean dynamicSources, Duration period, boolean adaptive) {
        ClusterTopologyRefreshOptions.Builder refresh = ClusterTopologyRefreshOptions.builder()
                .dynamicRefreshSources(dynamicSources);
        if (period != null) {
            refresh.enablePeriodicRefresh(period);
        }
        if (adaptive) {
            refresh.enableAllAdaptiveRefreshTriggers().adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_EVERY);
        }
        return refresh.build();
    }
}
