package io.adamesh;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The package rules of DESIGN.md section 3, for any root package so that tests can check them
 * against deliberately broken fixture classes as well as against the product.
 */
final class ArchitectureRules {
    private ArchitectureRules() {}

    static List<ArchRule> all(String root) {
        return List.of(layerDependencies(root), onlyMainReachesIntoUi(root),
                mainUsesUiOnlyThroughStudioLauncher(root), onlyUiUsesJavaFx(root),
                onlyModelUsesOnnxRuntime(root), onlyAudioAndTrackUseMediaLibraries(root));
    }

    /** Who may use whom among our packages ("may use" includes what the used package may use). */
    static ArchRule layerDependencies(String root) {
        return layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("main").definedBy(root)
                .layer("files").definedBy(root + ".files..")
                .layer("face").definedBy(root + ".face..")
                .layer("audio").definedBy(root + ".audio..")
                .layer("clip").definedBy(root + ".clip..")
                .layer("model").definedBy(root + ".model..")
                .layer("animate").definedBy(root + ".animate..")
                .layer("speaker").definedBy(root + ".speaker..")
                .layer("track").definedBy(root + ".track..")
                .layer("adapt").definedBy(root + ".adapt..")
                .layer("timeline").definedBy(root + ".timeline..")
                .layer("export").definedBy(root + ".export..")
                .layer("cli").definedBy(root + ".cli..")
                .layer("ui").definedBy(root + ".ui..")
                .whereLayer("files").mayNotAccessAnyLayer()
                .whereLayer("face").mayOnlyAccessLayers("files")
                .whereLayer("audio").mayOnlyAccessLayers("files")
                .whereLayer("clip").mayOnlyAccessLayers("files", "face")
                .whereLayer("model").mayOnlyAccessLayers("files", "audio", "face")
                .whereLayer("animate").mayOnlyAccessLayers("files", "model", "audio", "face", "clip", "speaker")
                .whereLayer("speaker").mayOnlyAccessLayers("files", "model", "audio", "face")
                .whereLayer("track").mayOnlyAccessLayers("files", "face", "audio", "clip")
                .whereLayer("adapt").mayOnlyAccessLayers("files", "track", "model", "speaker", "face", "audio", "clip")
                .whereLayer("timeline").mayOnlyAccessLayers("files", "face", "clip")
                .whereLayer("export").mayOnlyAccessLayers("files", "face", "clip")
                .whereLayer("cli").mayOnlyAccessLayers("files", "face", "audio", "clip", "model", "animate", "speaker",
                        "track", "adapt", "timeline", "export")
                .whereLayer("ui").mayOnlyBeAccessedByLayers("main")
                .whereLayer("main").mayNotBeAccessedByAnyLayer()
                .because("DESIGN.md section 3: data flows one way and nothing below ui/cli knows the timeline");
    }

    /** Nothing outside ui references ui, except Main. */
    static ArchRule onlyMainReachesIntoUi(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".ui..")
                .and().doNotHaveFullyQualifiedName(root + ".Main")
                .should().dependOnClassesThat().resideInAPackage(root + ".ui..")
                .because("only Main opens the studio")
                .allowEmptyShould(true);
    }

    /** Main opens the studio through StudioLauncher and uses nothing else of ui. */
    static ArchRule mainUsesUiOnlyThroughStudioLauncher(String root) {
        return noClasses().that().haveFullyQualifiedName(root + ".Main")
                .should().dependOnClassesThat(resideInAPackage(root + ".ui..").and(not(simpleName("StudioLauncher"))))
                .because("StudioLauncher is the one door into the UI")
                .allowEmptyShould(true);
    }

    static ArchRule onlyUiUsesJavaFx(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".ui..")
                .should().dependOnClassesThat(resideInAnyPackage("javafx..", "com.sun.javafx..", "org.fxyz3d.."))
                .because("only ui touches the scene graph")
                .allowEmptyShould(true);
    }

    static ArchRule onlyModelUsesOnnxRuntime(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".model..")
                .should().dependOnClassesThat().resideInAPackage("ai.onnxruntime..")
                .because("model owns ONNX Runtime sessions and execution providers")
                .allowEmptyShould(true);
    }

    static ArchRule onlyAudioAndTrackUseMediaLibraries(String root) {
        return noClasses().that().resideOutsideOfPackages(root + ".audio..", root + ".track..")
                .should().dependOnClassesThat().resideInAnyPackage("be.tarsos..", "org.bytedeco..")
                .because("TarsosDSP and JavaCV stay behind audio and track")
                .allowEmptyShould(true);
    }
}
