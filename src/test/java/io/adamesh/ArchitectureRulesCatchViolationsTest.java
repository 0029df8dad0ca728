package io.adamesh;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The architecture rules reject the deliberately broken classes in {@code io.adamesh.archfixture}. */
class ArchitectureRulesCatchViolationsTest {
    private static final String ROOT = "io.adamesh.archfixture";
    private static JavaClasses fixtures;

    @BeforeAll
    static void importFixtures() {
        fixtures = new ClassFileImporter().importPackages(ROOT);
    }

    private static void assertRejects(ArchRule rule, String offender) {
        EvaluationResult result = rule.evaluate(fixtures);
        assertTrue(result.hasViolation(), "rule passed but should reject " + offender);
        String report = String.join("\n", result.getFailureReport().getDetails());
        assertTrue(report.contains(offender), "violation report does not name " + offender + ":\n" + report);
    }

    @Test void faceUsingClipIsRejected() {
        assertRejects(ArchitectureRules.layerDependencies(ROOT), "FaceUsingClip");
    }

    @Test void cliUsingUiIsRejected() {
        assertRejects(ArchitectureRules.layerDependencies(ROOT), "CliUsingUi");
        assertRejects(ArchitectureRules.onlyMainReachesIntoUi(ROOT), "CliUsingUi");
    }

    @Test void timelineUsingClipIsAllowed() {
        String report = String.join("\n",
                ArchitectureRules.layerDependencies(ROOT).evaluate(fixtures).getFailureReport().getDetails());
        assertFalse(report.contains("TimelineUsingClip"), report);
    }

    @Test void javaFxOutsideUiIsRejected() {
        assertRejects(ArchitectureRules.onlyUiUsesJavaFx(ROOT), "ExportUsingJavaFx");
    }

    @Test void onnxRuntimeOutsideModelIsRejected() {
        assertRejects(ArchitectureRules.onlyModelUsesOnnxRuntime(ROOT), "AudioUsingOnnxRuntime");
    }

    @Test void javaCvOutsideAudioAndTrackIsRejected() {
        assertRejects(ArchitectureRules.onlyAudioAndTrackUseMediaLibraries(ROOT), "FaceUsingJavaCv");
    }
}
