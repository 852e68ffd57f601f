package dev.chirp.testsupport.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.chirp.shared.ChirpCoreConfiguration;
import dev.chirp.shared.security.ServletSecurityConfiguration;
import dev.chirp.shared.web.ServletWebConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ContextConfiguration;

/**
 * A controller slice as every service's controllers run: {@code @WebMvcTest} of the given controllers plus what a
 * web slice leaves out and Chirp's controllers need (chirp-shared's error mapping, web and security configuration,
 * Boot's servlet security), with the test signing keys and service secret of {@link TestKeys}. The controller's own
 * collaborators are the test's {@code @MockitoBean}s; security is the real filter chain.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest
@ImportAutoConfiguration({ChirpCoreConfiguration.class, ServletWebConfiguration.class,
        ServletSecurityConfiguration.class, SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
        SecurityFilterAutoConfiguration.class})
@ContextConfiguration(initializers = TestKeys.class)
public @interface ChirpWebSlice {

    /** The controllers under test. */
    @AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
    Class<?>[] value() default {};
}
