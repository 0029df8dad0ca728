package io.adamesh.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.audio.SimulatedOutputLine;
import io.adamesh.timeline.edit.DocumentEdits;
import io.adamesh.ui.audio.LiveInputViewModel;
import io.adamesh.ui.tasks.CurrentThreadTaskExecutor;
import io.adamesh.ui.timeline.TimelineView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The studio window's menus, dock and document wiring, headless. */
@ExtendWith(ApplicationExtension.class)
class StudioMenuUiTest {
    @TempDir Path dir;
    private Stage stage;
    private final RecordingDialogService dialogs = new RecordingDialogService();
    private StudioWindow w;
    private boolean quit;

    @Start void start(Stage stage) { this.stage = stage; }

    private void open(FxRobot robot) throws IOException {
        open(robot, StudioSettings.defaults());
    }

    private void open(FxRobot robot, StudioSettings settings) throws IOException {
        Path file = dir.resolve("head.npz");
        TestHeads.head().save(file);
        robot.interact(() -> {
            w = new StudioWindow(HeadLoader.load(file), settings, dialogs,
                    new StudioWindow.Services(new CurrentThreadTaskExecutor(), dir.resolve("recovery"),
                            () -> new SimulatedOutputLine(SimulatedOutputLine.Clock.system(), 1600, 0),
                            new LiveInputViewModel(List::of, n -> null)));
            w.setOnQuit(() -> quit = true);
            stage.titleProperty().bind(w.document().titleProperty());
            stage.setScene(new Scene(w.root(), 1100, 720));
            stage.show();
            w.start();
        });
    }

    private MenuItem item(String id) {
        MenuBar bar = (MenuBar) stage.getScene().lookup("#menu-bar");
        return bar.getMenus().stream().flatMap(m -> flatten(m).stream()).filter(i -> id.equals(i.getId())).findFirst().orElseThrow();
    }

    private static java.util.List<MenuItem> flatten(MenuItem m) {
        java.util.List<MenuItem> out = new java.util.ArrayList<>();
        out.add(m);
        if (m instanceof javafx.scene.control.Menu menu) for (MenuItem c : menu.getItems()) out.addAll(flatten(c));
        return out;
    }

    @Test void menusHaveTheirItemsAndAccelerators(FxRobot robot) throws IOException {
        open(robot);
        assertEquals("Shortcut+N", item("menu-new").getAccelerator().getName().replace("Ctrl", "Shortcut"));
        assertEquals("Open project…", item("menu-open").getText());
        assertNotNull(item("menu-save-as").getAccelerator());
        assertNotNull(item("menu-import-audio").getAccelerator());
        assertEquals("Export clip…", item("menu-export").getText());
        assertEquals("F1", item("menu-shortcuts").getAccelerator().getName());
        assertTrue(item("menu-undo").isDisable(), "nothing to undo yet");
    }

    @Test void theReferenceVideoWindowOpensFromTheMenuWithItsTrackingPanel(FxRobot robot) throws IOException {
        open(robot);
        robot.interact(() -> item("menu-reference-video").fire());
        WaitForAsyncUtils.waitForFxEvents(3);
        var windows = javafx.stage.Window.getWindows().stream()
                .filter(win -> win instanceof javafx.stage.Stage s && s.getTitle() != null && s.getTitle().startsWith("Reference video"))
                .toList();
        assertEquals(1, windows.size(), "one reference-video window");
        var panel = windows.get(0).getScene().getRoot();
        assertTrue(panel instanceof io.adamesh.ui.track.ReferenceVideoPanel, "it shows the tracking panel, not " + panel);
        robot.interact(() -> item("menu-view-reference").fire());
        assertEquals(1, javafx.stage.Window.getWindows().stream()
                .filter(win -> win instanceof javafx.stage.Stage s && s.getTitle() != null && s.getTitle().startsWith("Reference video")).count(),
                "opening it again reuses the window");
        robot.interact(() -> w.stop());
    }

    @Test void speakersOpensTheManagerOfTheConfiguredLibraryAndTheReferenceWindowOffersAdapt(FxRobot robot) throws Exception {
        var lib = io.adamesh.ui.adapt.AdaptFixtures.store(dir.resolve("my-speakers"));
        lib.save(io.adamesh.ui.adapt.AdaptFixtures.profile("anna-1", "Anna"), io.adamesh.ui.adapt.AdaptFixtures.png(0x808080));
        StudioSettings settings = StudioSettings.defaults();
        settings.speakerLibrary = lib.root().toString();
        open(robot, settings);
        assertEquals("Speakers…", item("menu-speakers").getText());
        robot.interact(() -> item("menu-speakers").fire());
        WaitForAsyncUtils.waitForFxEvents(3);
        var manager = javafx.stage.Window.getWindows().stream()
                .filter(win -> win instanceof javafx.stage.Stage s && "Speakers — AdaMesh Studio".equals(s.getTitle())).findFirst().orElseThrow();
        var pane = (io.adamesh.ui.speakers.SpeakerManagerPane) manager.getScene().getRoot();
        assertEquals(java.util.List.of("Anna"), pane.listView().getItems().stream().map(e -> e.name()).toList());
        robot.interact(() -> ((javafx.stage.Stage) manager).close());

        robot.interact(() -> item("menu-reference-video").fire());
        WaitForAsyncUtils.waitForFxEvents(3);
        var adapt = w.referencePanel().adaptButton();
        assertTrue(adapt.isVisible(), "Adapt speaker… is offered");
        assertTrue(adapt.isDisable(), "… once a video is open");
        robot.interact(() -> w.stop());
    }

    @Test void curveAndLayerMenusEditTheSelectionUndoably(FxRobot robot) throws IOException {
        open(robot);
        var tvm = w.document().timeline();
        robot.interact(() -> item("menu-layer-add").fire());
        String layerId = tvm.activeLayerProperty().get();
        assertNotNull(layerId, "the new edit layer is active");
        var layer = tvm.project().layer(layerId);
        assertEquals(io.adamesh.timeline.Blend.ADD, layer.defaultBlend());
        robot.interact(() -> {
            var a = tvm.addKey("mouthSmileLeft", 1.0, 0.2);
            var b = tvm.addKey("mouthSmileLeft", 2.0, 0.3);
            tvm.select(java.util.Set.of(a, b));
        });
        var curve = layer.curve("mouthSmileLeft");
        double before = curve.key(0).value() + curve.key(1).value();
        dialogs.numbers.add(2.0);
        robot.interact(() -> item("menu-curve-scale").fire());
        assertEquals(2 * before, curve.key(0).value() + curve.key(1).value(), 1e-9, "scale intensity doubled the keys");
        assertEquals("Undo Scale intensity", item("menu-undo").getText().replaceAll("(?i)scale intensity.*", "Scale intensity"));
        robot.interact(() -> item("menu-undo").fire());
        assertEquals(before, curve.key(0).value() + curve.key(1).value(), 1e-9, "undo restores the keys");
        robot.interact(() -> item("menu-curve-offset").fire()); // the dialog is cancelled: nothing changes
        assertEquals(before, curve.key(0).value() + curve.key(1).value(), 1e-9);
        robot.interact(() -> item("menu-layer-mute").fire());
        assertTrue(layer.muted(), "the active layer is muted");
        robot.interact(() -> item("menu-layer-override").fire());
        assertEquals(io.adamesh.timeline.Blend.OVERRIDE, tvm.project().layer(tvm.activeLayerProperty().get()).defaultBlend());
    }

    @Test void editsShowInTheTitleAndTheUndoItemNamesThem(FxRobot robot) throws IOException {
        open(robot);
        assertEquals("Untitled — AdaMesh Studio", stage.getTitle());
        robot.interact(() -> w.document().session().jobs().push(DocumentEdits.addMarker(w.document().project(), 1, "x")));
        assertTrue(stage.getTitle().startsWith("• "), stage.getTitle());
        assertEquals("Undo Add marker", item("menu-undo").getText());
        assertFalse(item("menu-undo").isDisable());
        robot.interact(() -> item("menu-undo").fire());
        assertEquals("Redo Add marker", item("menu-redo").getText());
        assertEquals("Untitled — AdaMesh Studio", stage.getTitle());
    }

    @Test void quitWithUnsavedChangesAsksAndCancelKeepsTheStudioOpen(FxRobot robot) throws IOException {
        open(robot);
        robot.interact(() -> w.document().session().jobs().push(DocumentEdits.addMarker(w.document().project(), 1, "x")));
        dialogs.saveChoices.add(DialogService.SaveChoice.CANCEL);
        robot.interact(() -> item("menu-quit").fire());
        assertFalse(quit);
        assertEquals("save?", dialogs.shown.get(dialogs.shown.size() - 1).kind());
        dialogs.saveChoices.add(DialogService.SaveChoice.DISCARD);
        robot.interact(() -> item("menu-quit").fire());
        assertTrue(quit);
    }

    @Test void theTimelineIsDockedAndADroppedFileBecomesAVoiceClipWithTransport(FxRobot robot) throws IOException {
        open(robot);
        assertNotNull(robot.lookup("#timeline").queryAs(TimelineView.class));
        Path wav = StudioDocumentTest.tone(dir.resolve("hello.wav"), 2, 0.5f);
        robot.interact(() -> w.dropFile(wav));
        WaitForAsyncUtils.waitForFxEvents(5);
        assertEquals(1, w.document().project().voice().clips().size());
        assertNotNull(robot.lookup("#transport").tryQuery().orElse(null), "a transport bar appears with audio");
        assertNotNull(w.playback().player());
        assertTrue(robot.lookup("#status-message").queryAs(Label.class).getText().contains("hello.wav"));
    }

    @Test void timelinePreviewDisablesPosingSlidersOnlyWhenThereIsAnimation(FxRobot robot) throws IOException {
        open(robot);
        WaitForAsyncUtils.waitForFxEvents(3);
        assertFalse(w.showsTimeline(), "an empty project shows the sliders");
        assertTrue(w.viewModel().posingEnabledProperty().get());
        robot.interact(() -> w.document().install(io.adamesh.timeline.io.ProjectSession.create(
                io.adamesh.timeline.SampleProjects.speech(5, 30), dir.resolve("auto.adamesh.autosave"))));
        WaitForAsyncUtils.waitForFxEvents(5);
        robot.sleep(200);
        assertTrue(w.showsTimeline());
        assertFalse(w.viewModel().posingEnabledProperty().get());
        robot.interact(() -> w.previewToggle().setSelected(false));
        robot.sleep(200);
        assertTrue(w.viewModel().posingEnabledProperty().get());
    }

    @Test void f1OpensTheShortcutSheet(FxRobot robot) throws IOException {
        open(robot);
        int before = robot.listWindows().size();
        robot.press(KeyCode.F1).release(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents(3);
        assertTrue(robot.listWindows().size() > before);
    }
}
