package io.adamesh;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The product's classes keep the package rules of DESIGN.md section 3. */
class ArchitectureTest {
    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.adamesh");
    }

    private static void check(ArchRule rule) {
        rule.check(product);
    }

    @Test void packagesUseOnlyWhatTheLayoutAllows() { check(ArchitectureRules.layerDependencies("io.adamesh")); }

    @Test void onlyMainReachesIntoUi() { check(ArchitectureRules.onlyMainReachesIntoUi("io.adamesh")); }

    @Test void mainOpensUiOnlyThroughStudioLauncher() {
        check(ArchitectureRules.mainUsesUiOnlyThroughStudioLauncher("io.adamesh"));
    }

    @Test void onlyUiUsesJavaFx() { check(ArchitectureRules.onlyUiUsesJavaFx("io.adamesh")); }

    @Test void onlyModelUsesOnnxRuntime() { check(ArchitectureRules.onlyModelUsesOnnxRuntime("io.adamesh")); }

    @Test void onlyAudioAndTrackUseTarsosAndJavaCv() {
        check(ArchitectureRules.onlyAudioAndTrackUseMediaLibraries("io.adamesh"));
    }
}
