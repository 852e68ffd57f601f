package dev.chirp.gateway;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.chirp.testsupport.architecture.ChirpArchitecture;

/** The repository's boundary and naming rules, kept in test-support's ChirpArchitecture, on gateway-service's classes. */
@AnalyzeClasses(packages = "dev.chirp.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests CHIRP_RULES = ArchTests.in(ChirpArchitecture.class);
}
