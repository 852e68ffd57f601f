package dev.chirp.testsupport.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

/**
 * The repository's boundary and naming rules on chirp-shared (which cannot depend on test-support, so it is checked
 * here, where it is on the class path) and on test-support's own classes.
 */
@AnalyzeClasses(packages = {"dev.chirp.shared", "dev.chirp.testsupport"}, importOptions = ImportOption.DoNotIncludeTests.class)
class SharedArchitectureTest {

    @ArchTest
    static final ArchTests CHIRP_RULES = ArchTests.in(ChirpArchitecture.class);
}
