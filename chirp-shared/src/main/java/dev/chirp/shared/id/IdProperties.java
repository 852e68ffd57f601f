package dev.chirp.shared.id;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param workerId unique per running instance (0..1023); on Kubernetes derive it from the pod ordinal or a lease.
 */
@ConfigurationProperties("chirp.id")
public record IdProperties(@DefaultValue("1") int workerId) {
}
