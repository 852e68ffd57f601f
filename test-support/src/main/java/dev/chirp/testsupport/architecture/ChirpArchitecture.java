package dev.chirp.testsupport.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.AnnotatedWildcardType;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * The boundaries and naming rules of the whole repository (issue #18), in one place.
 *
 * <p>Each module checks its own production classes against these rules with a three-line {@code ArchitectureTest}
 * ({@code ArchTests.in(ChirpArchitecture.class)}); test-support's checks chirp-shared and itself. One test that
 * imported every module's classes would need a module built after all the others with every service on its class
 * path, and a service's jar is a Spring Boot fat jar whose classes other modules cannot load; per module, each test
 * sees exactly the bytecode its own build just compiled. The one rule that needs the whole repository, unique
 * simple names, reads the other modules' file names from their {@code src/main/java} instead, which exist whatever
 * was built.
 */
public final class ChirpArchitecture {

    private static final String CHIRP = "dev.chirp.";
    private static final String SHARED = "dev.chirp.shared";
    private static final String REST_CONTROLLER = "org.springframework.web.bind.annotation.RestController";
    /** What Cassandra hands back; the stores map it to the service's own records. */
    private static final Set<String> ROW_TYPES = Set.of("com.datastax.oss.driver.api.core.cql.Row",
            "com.datastax.oss.driver.api.core.cql.ResultSet", "com.datastax.oss.driver.api.core.cql.AsyncResultSet");
    /** Spring's HTTP clients: a class that holds one calls another service. */
    private static final Set<String> HTTP_CLIENT_TYPES = Set.of("org.springframework.web.client.RestClient",
            "org.springframework.web.client.RestTemplate",
            "org.springframework.web.reactive.function.client.WebClient");
    /** The gateway proxies every service; its HTTP callers are the proxy's machinery, not one sibling's client. */
    private static final String GATEWAY = "dev.chirp.gateway";

    private ChirpArchitecture() {
    }

    /**
     * A service owns its data and talks to the others only by events and internal HTTP (design rule 1), so its code
     * uses its own packages and chirp-shared's, never a sibling's; and chirp-shared, which every service bundles,
     * uses no service's code.
     */
    @ArchTest
    public static final ArchRule MODULES_USE_ONLY_THEIR_OWN_AND_SHARED_CODE = classes()
            .should(new ArchCondition<>("use no dev.chirp classes but their own module's and dev.chirp.shared's") {
                @Override
                public void check(JavaClass item, ConditionEvents events) {
                    String own = moduleOf(item.getPackageName());
                    for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
                        String target = moduleOf(dependency.getTargetClass().getPackageName());
                        if (target != null && !target.equals(own) && !target.equals(SHARED)) {
                            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                        }
                    }
                }
            });

    /**
     * Chirp maps Cassandra's rows by hand (no entity classes): a store reads {@code Row}s and returns the service's
     * own records. A row that escaped its package would tie the callers to the table's column names, so no member
     * visible outside the package takes, returns or holds one.
     */
    @ArchTest
    public static final ArchRule STORAGE_ROWS_STAY_IN_THEIR_PACKAGE = classes()
            .should(new ArchCondition<>("expose no Cassandra row in a public or protected member") {
                @Override
                public void check(JavaClass item, ConditionEvents events) {
                    for (JavaMember member : item.getMembers()) {
                        if (!member.getModifiers().contains(JavaModifier.PUBLIC)
                                && !member.getModifiers().contains(JavaModifier.PROTECTED)) {
                            continue;
                        }
                        List<JavaType> types = new ArrayList<>();
                        if (member instanceof JavaCodeUnit codeUnit) {
                            types.add(codeUnit.getReturnType());
                            types.addAll(codeUnit.getParameterTypes());
                        } else if (member instanceof JavaField field) {
                            types.add(field.getType());
                        }
                        boolean row = types.stream().flatMap(type -> type.getAllInvolvedRawTypes().stream())
                                .anyMatch(type -> ROW_TYPES.contains(type.getName()));
                        if (row) {
                            events.add(SimpleConditionEvent.violated(member,
                                    member.getFullName() + " exposes a Cassandra row outside its package"));
                        }
                    }
                }
            });

    /**
     * A controller is an entry point for HTTP; logic another class needs belongs in the class the controller calls.
     * "Used" is called, constructed, injected or held; a class literal that only registers the controller with
     * Spring ({@code @Import(ProblemErrorController.class)}) is wiring, not use.
     */
    @ArchTest
    public static final ArchRule CONTROLLERS_ARE_USED_BY_NO_OTHER_CLASS = classes()
            .that().areAnnotatedWith(REST_CONTROLLER)
            .should(new ArchCondition<>("be called, constructed, injected or held by no class outside their own nest") {
                @Override
                public void check(JavaClass item, ConditionEvents events) {
                    List<JavaMember> users = new ArrayList<>();
                    item.getAccessesToSelf().forEach(access -> users.add(access.getOrigin()));
                    users.addAll(item.getFieldsWithTypeOfSelf());
                    users.addAll(item.getMethodsWithParameterTypeOfSelf());
                    users.addAll(item.getConstructorsWithParameterTypeOfSelf());
                    users.addAll(item.getMethodsWithReturnTypeOfSelf());
                    for (JavaMember user : users) {
                        if (!topLevel(user.getOwner()).equals(item)) {
                            events.add(SimpleConditionEvent.violated(user,
                                    user.getFullName() + " uses the controller " + item.getName()));
                        }
                    }
                }
            })
            .allowEmptyShould(true);

    /** Such a name says nothing of what the class does; name it after its role instead. */
    @ArchTest
    public static final ArchRule NO_MANAGERS_HELPERS_OR_UTILS = noClasses()
            .should().haveSimpleNameEndingWith("Manager")
            .orShould().haveSimpleNameEndingWith("Helper")
            .orShould().haveSimpleNameEndingWith("Util")
            .orShould().haveSimpleNameEndingWith("Utils");

    /**
     * Two production classes of one simple name make every stack trace, log line and doc link ambiguous, and hide
     * that they play different roles (a service's own store and another's projection of it, say).
     */
    @ArchTest
    public static final ArchRule SIMPLE_NAMES_ARE_UNIQUE_IN_THE_REPOSITORY = classes()
            .that().areTopLevelClasses()
            .should(new ArchCondition<>("have a simple name that no other production class of the repository has") {
                @Override
                public void check(JavaClass item, ConditionEvents events) {
                    String ownFile = item.getName().replace('.', '/') + ".java";
                    List<String> others = ProductionSources.BY_SIMPLE_NAME.getOrDefault(item.getSimpleName(), List.of())
                            .stream().filter(file -> !file.endsWith(ownFile)).toList();
                    if (!others.isEmpty()) {
                        events.add(SimpleConditionEvent.violated(item,
                                item.getName() + ": the simple name is also declared in " + others));
                    }
                }
            });

    /**
     * One name per role (issue #18): a class that calls a sibling service over HTTP is a {@code *Client}
     * ({@code MediaClient}, {@code TweetBatchClient}), so a reader sees at the call site that a network hop and its
     * failure modes are involved. A class holding a RestClient, RestTemplate or WebClient is such a caller. The
     * gateway is left out: it calls every service as a proxy. The other half of the convention, a copy of another
     * service's data fed from Kafka is a {@code *Projection}, has no bytecode signature to check and is kept by
     * review (docs/README.md, "Names").
     */
    @ArchTest
    public static final ArchRule HTTP_CALLERS_OF_SIBLINGS_ARE_NAMED_CLIENT = classes()
            .that().resideOutsideOfPackage(GATEWAY + "..")
            .should(new ArchCondition<>("have a simple name ending in Client when they hold an HTTP client") {
                @Override
                public void check(JavaClass item, ConditionEvents events) {
                    JavaClass owner = topLevel(item);
                    if (owner.getSimpleName().endsWith("Client")) {
                        return;
                    }
                    for (JavaField field : item.getFields()) {
                        if (HTTP_CLIENT_TYPES.contains(field.getRawType().getName())) {
                            events.add(SimpleConditionEvent.violated(field, field.getFullName() + " holds a "
                                    + field.getRawType().getSimpleName() + ", so " + owner.getName()
                                    + " calls another service: name it *Client"));
                        }
                    }
                }
            })
            .allowEmptyShould(true);

    /**
     * JSpecify's {@code @Nullable} means "may be null" as against "never null", the default that a
     * {@code @NullMarked} package-info declares (issue #18); in an unmarked package every other type means "not
     * said", and a reader cannot tell a promise from an omission. So a class whose signatures (methods, constructors,
     * fields, record components, type arguments included) carry {@code @Nullable} lives in a {@code @NullMarked}
     * package. Read by reflection, without initialising the class: ArchUnit does not import type-use annotations.
     */
    @ArchTest
    public static final ArchRule NULLABLE_IS_DECLARED_ONLY_IN_NULL_MARKED_PACKAGES = classes()
            .should(new ArchCondition<>("carry @Nullable in their signatures only in a @NullMarked package") {
                @Override
                public void check(JavaClass item, ConditionEvents events) {
                    if (item.getPackage().isAnnotatedWith(NullMarked.class)) {
                        return;
                    }
                    List<String> members = nullableMembers(item.getName());
                    if (!members.isEmpty()) {
                        events.add(SimpleConditionEvent.violated(item, item.getName() + " declares @Nullable "
                                + members + ", but its package " + item.getPackageName()
                                + " is not @NullMarked (package-info.java)"));
                    }
                }
            });

    /** The fields, methods and constructors of the class whose declared types mention {@code @Nullable}. */
    static List<String> nullableMembers(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot load " + className, e);
        }
        List<String> members = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            if (mentionsNullable(field.getAnnotatedType())) {
                members.add(field.getName());
            }
        }
        List<Executable> code = new ArrayList<>(List.of(type.getDeclaredMethods()));
        code.addAll(List.of(type.getDeclaredConstructors()));
        for (Executable executable : code) {
            boolean nullable = executable instanceof Method method && mentionsNullable(method.getAnnotatedReturnType());
            for (AnnotatedType parameter : executable.getAnnotatedParameterTypes()) {
                nullable |= mentionsNullable(parameter);
            }
            if (nullable) {
                members.add(executable.getName() + "()");
            }
        }
        return members;
    }

    private static boolean mentionsNullable(AnnotatedType type) {
        if (type.isAnnotationPresent(Nullable.class)) {
            return true;
        }
        List<AnnotatedType> inner = new ArrayList<>();
        if (type instanceof AnnotatedParameterizedType parameterized) {
            inner.addAll(List.of(parameterized.getAnnotatedActualTypeArguments()));
        } else if (type instanceof AnnotatedArrayType array) {
            inner.add(array.getAnnotatedGenericComponentType());
        } else if (type instanceof AnnotatedWildcardType wildcard) {
            inner.addAll(List.of(wildcard.getAnnotatedUpperBounds()));
            inner.addAll(List.of(wildcard.getAnnotatedLowerBounds()));
        }
        return inner.stream().anyMatch(ChirpArchitecture::mentionsNullable);
    }

    /** "dev.chirp.user" for dev.chirp.user.graph; null outside Chirp. */
    static String moduleOf(String packageName) {
        if (!packageName.startsWith(CHIRP)) {
            return null;
        }
        int end = packageName.indexOf('.', CHIRP.length());
        return end < 0 ? packageName : packageName.substring(0, end);
    }

    private static JavaClass topLevel(JavaClass type) {
        JavaClass current = type;
        while (current.getEnclosingClass().isPresent()) {
            current = current.getEnclosingClass().get();
        }
        return current;
    }

    /** Every module's production sources, by file name: loaded once per test JVM, on first use. */
    static final class ProductionSources {

        static final Map<String, List<String>> BY_SIMPLE_NAME = index(repositoryRoot());

        static Map<String, List<String>> index(Path root) {
            Map<String, List<String>> files = new TreeMap<>();
            try (Stream<Path> modules = Files.list(root)) {
                for (Path sources : modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory)
                        .toList()) {
                    try (Stream<Path> walk = Files.walk(sources)) {
                        walk.filter(file -> file.getFileName().toString().endsWith(".java"))
                                .filter(file -> !file.getFileName().toString().equals("package-info.java"))
                                .forEach(file -> files.computeIfAbsent(
                                        file.getFileName().toString().replaceFirst("\\.java$", ""),
                                        name -> new ArrayList<>()).add(root.relativize(file).toString()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return files;
        }

        /** The folder holding the Maven wrapper, above the module that runs the test. */
        private static Path repositoryRoot() {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                    return dir;
                }
            }
            throw new IllegalStateException("no folder with mvnw above " + Path.of("").toAbsolutePath());
        }
    }
}
