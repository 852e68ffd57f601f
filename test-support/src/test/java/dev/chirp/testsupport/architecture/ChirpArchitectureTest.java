package dev.chirp.testsupport.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link ChirpArchitecture} refuses a fixture that breaks it (dev.chirp.fixtureone) and accepts one that
 * keeps it (dev.chirp.fixturetwo), so a rule that silently stopped matching anything would fail here.
 */
class ChirpArchitectureTest {

    private static final JavaClasses BREAKING = new ClassFileImporter().importPackages("dev.chirp.fixtureone");
    private static final JavaClasses KEEPING = new ClassFileImporter().importPackages("dev.chirp.fixturetwo");

    @Test
    void aModuleUsingAnotherModulesClassIsRefusedButChirpSharedIsAllowed() {
        refuses(ChirpArchitecture.MODULES_USE_ONLY_THEIR_OWN_AND_SHARED_CODE, "UsesAnotherModule.other",
                "dev.chirp.fixturetwo.Other");
        accepts(ChirpArchitecture.MODULES_USE_ONLY_THEIR_OWN_AND_SHARED_CODE);
    }

    @Test
    void aCassandraRowInAPublicSignatureIsRefusedAPrivateOneIsNot() {
        assertThatThrownBy(() -> ChirpArchitecture.STORAGE_ROWS_STAY_IN_THEIR_PACKAGE.check(BREAKING))
                .hasMessageContaining("RowStore.first()").hasMessageContaining("RowStore.all()")
                .hasMessageNotContaining("mapped");
    }

    @Test
    void aControllerCalledByAnotherClassIsRefusedItsOwnNestedRecordIsNot() {
        refuses(ChirpArchitecture.CONTROLLERS_ARE_USED_BY_NO_OTHER_CLASS, "CallsController.call",
                "uses the controller dev.chirp.fixtureone.PingController");
        accepts(ChirpArchitecture.CONTROLLERS_ARE_USED_BY_NO_OTHER_CLASS);
    }

    @Test
    void helperManagerAndUtilNamesAreRefused() {
        refuses(ChirpArchitecture.NO_MANAGERS_HELPERS_OR_UTILS, "SessionHelper");
        accepts(ChirpArchitecture.NO_MANAGERS_HELPERS_OR_UTILS);
    }

    @Test
    void aSimpleNameThatAnotherModuleDeclaresIsRefused() {
        refuses(ChirpArchitecture.SIMPLE_NAMES_ARE_UNIQUE_IN_THE_REPOSITORY, "dev.chirp.fixtureone.Outbox",
                "chirp-shared/src/main/java/dev/chirp/shared/outbox/Outbox.java");
        accepts(ChirpArchitecture.SIMPLE_NAMES_ARE_UNIQUE_IN_THE_REPOSITORY);
    }

    @Test
    void aClassHoldingAnHttpClientMustBeNamedClient() {
        refuses(ChirpArchitecture.HTTP_CALLERS_OF_SIBLINGS_ARE_NAMED_CLIENT, "TweetFetcher.tweets",
                "holds a RestClient", "name it *Client");
        accepts(ChirpArchitecture.HTTP_CALLERS_OF_SIBLINGS_ARE_NAMED_CLIENT);
    }

    @Test
    void nullableOutsideANullMarkedPackageIsRefused() {
        refuses(ChirpArchitecture.NULLABLE_IS_DECLARED_ONLY_IN_NULL_MARKED_PACKAGES,
                "dev.chirp.fixtureone.LooseAnswers declares @Nullable [cached, values()]", "is not @NullMarked");
        accepts(ChirpArchitecture.NULLABLE_IS_DECLARED_ONLY_IN_NULL_MARKED_PACKAGES);
    }

    private static void refuses(ArchRule rule, String... inMessage) {
        assertThatThrownBy(() -> rule.check(BREAKING)).hasMessageContainingAll(inMessage);
    }

    private static void accepts(ArchRule rule) {
        assertThatCode(() -> rule.check(KEEPING)).doesNotThrowAnyException();
    }
}
