package io.adamesh.ui.speakers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.speaker.SpeakerProfileStore;
import io.adamesh.ui.adapt.AdaptFixtures;
import io.adamesh.ui.adapt.FakeDialogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Speakers… manager against a real library in a temp folder. */
class SpeakerManagerViewModelTest {
    @TempDir Path dir;
    final FakeDialogs dialogs = new FakeDialogs();
    SpeakerProfileStore store;
    SpeakerManagerViewModel vm;
    int changes;

    @BeforeEach
    void library() throws Exception {
        store = AdaptFixtures.store(dir.resolve("speakers"));
        store.save(AdaptFixtures.profile("anna-1", "Anna"), AdaptFixtures.png(0xc04040));
        store.save(AdaptFixtures.profile("ben-1", "Ben"), AdaptFixtures.png(0x40c040));
        vm = new SpeakerManagerViewModel(store, dialogs, () -> changes++);
        vm.refresh();
    }

    private List<String> names() { return vm.entries().stream().map(SpeakerManagerViewModel.Entry::name).sorted().toList(); }

    private SpeakerManagerViewModel.Entry select(String name) {
        var e = vm.entries().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        vm.selectedProperty().set(e);
        return e;
    }

    @Test
    void listsTheLibraryWithThumbnailsAndWhereEachCameFrom() {
        assertEquals(List.of("Anna", "Ben"), names());
        var anna = select("Anna");
        assertNotNull(anna.thumbnail());
        assertTrue(Files.isRegularFile(anna.thumbnail()));
        assertTrue(anna.details().contains("anna.mp4 5.0–15.0 s"), anna.details());
        assertTrue(anna.details().contains("LVE 3.20 → 2.40 mm"), anna.details());
        assertTrue(dialogs.shown.isEmpty());
    }

    @Test
    void renameAsksAndRenamesOnDisk() throws Exception {
        select("Anna");
        dialogs.texts.add("Anna (studio)");
        assertTrue(vm.renameSelected());
        assertEquals(List.of("Anna (studio)", "Ben"), names());
        assertEquals("Anna (studio)", AdaptFixtures.store(store.root()).load("anna-1").name(), "written to disk");
        assertEquals("Anna (studio)", vm.selectedProperty().get().name(), "still selected");
        assertEquals(1, changes, "the speaker selector is told");
        // cancelling the question changes nothing
        assertFalse(vm.renameSelected());
        assertEquals(1, changes);
    }

    @Test
    void deleteNeedsAConfirmation() throws Exception {
        select("Ben");
        dialogs.confirmations.add(false);
        assertFalse(vm.deleteSelected());
        assertEquals(List.of("Anna", "Ben"), names());
        assertEquals(0, changes);
        dialogs.confirmations.add(true);
        assertTrue(vm.deleteSelected());
        assertEquals(List.of("Anna"), names());
        assertEquals(List.of("Anna"), AdaptFixtures.store(store.root()).list().stream().map(p -> p.name()).toList());
        assertEquals(1, changes);
        assertTrue(dialogs.of("confirm").get(0).title().contains("Ben"));
    }

    @Test
    void exportThenImportIntoAnotherLibraryKeepsTheProfile() throws Exception {
        select("Anna");
        Path out = dir.resolve("share/anna");                       // extension added
        Files.createDirectories(out.getParent());
        dialogs.files.add(out);
        assertTrue(vm.exportSelected());
        Path file = dir.resolve("share/anna" + SpeakerProfileStore.EXPORT_EXTENSION);
        assertTrue(Files.isRegularFile(file), "one file");
        assertEquals("Anna" + SpeakerProfileStore.EXPORT_EXTENSION, dialogs.of("save").get(0).message(), "suggested name");

        SpeakerProfileStore other = AdaptFixtures.store(dir.resolve("other"));
        SpeakerManagerViewModel vm2 = new SpeakerManagerViewModel(other, dialogs, () -> changes++);
        vm2.refresh();
        assertTrue(vm2.entries().isEmpty());
        dialogs.files.add(file);
        assertTrue(vm2.importFile());
        assertEquals(1, vm2.entries().size());
        assertEquals("Anna", vm2.selectedProperty().get().name(), "the imported profile is selected");
        var imported = other.load(vm2.selectedProperty().get().id());
        var original = store.load("anna-1");
        assertEquals(original.adapter().lora().keySet(), imported.adapter().lora().keySet());
        assertTrue(java.util.Arrays.equals(original.adapter().style().data(), imported.adapter().style().data()));
        assertNotNull(vm2.selectedProperty().get().thumbnail());
    }

    @Test
    void importingIntoTheSameLibraryGivesANewIdInsteadOfOverwriting() throws Exception {
        select("Anna");
        Path file = dir.resolve("anna" + SpeakerProfileStore.EXPORT_EXTENSION);
        dialogs.files.add(file);
        assertTrue(vm.exportSelected());
        dialogs.files.add(file);
        assertTrue(vm.importFile());
        assertEquals(3, vm.entries().size());
        assertNotEquals("anna-1", vm.selectedProperty().get().id());
    }

    @Test
    void aDamagedImportFileIsOneErrorAndChangesNothing() throws Exception {
        Path bad = dir.resolve("broken" + SpeakerProfileStore.EXPORT_EXTENSION);
        Files.write(bad, new byte[] {1, 2, 3, 4, 5});
        dialogs.files.add(bad);
        assertFalse(vm.importFile());
        assertEquals(List.of("Anna", "Ben"), names());
        assertEquals(1, dialogs.of("error").size());
        assertTrue(dialogs.of("error").get(0).message().contains("Nothing was changed"));
        assertEquals(0, changes);
    }

    @Test
    void aCorruptProfileIsOneWarningAndTheRestLoad() throws Exception {
        Path annaDir;
        try (Stream<Path> s = Files.list(store.root())) {
            annaDir = s.filter(p -> p.getFileName().toString().contains("anna")).findFirst().orElseThrow();
        }
        try (Stream<Path> s = Files.list(annaDir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) Files.write(f, new byte[] {'{', 'x'});
        }
        SpeakerManagerViewModel fresh = new SpeakerManagerViewModel(AdaptFixtures.store(store.root()), dialogs, null);
        fresh.refresh();
        assertEquals(List.of("Ben"), fresh.entries().stream().map(SpeakerManagerViewModel.Entry::name).toList());
        assertEquals(1, dialogs.of("warning").size(), dialogs.shown.toString());
        fresh.refresh();
        assertEquals(1, dialogs.of("warning").size(), "the same problem is not repeated");
    }
}
