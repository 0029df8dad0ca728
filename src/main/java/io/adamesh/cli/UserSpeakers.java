package io.adamesh.cli;

import io.adamesh.animate.AnimationEngine;
import io.adamesh.speaker.BundleIdentity;
import io.adamesh.speaker.SpeakerProfileException;
import io.adamesh.speaker.SpeakerProfileStore;
import java.nio.file.Path;

/** Makes the speaker library's profiles selectable by id in a command's engine ({@code --library DIR}). */
final class UserSpeakers {
    private UserSpeakers() {}

    static void attach(AnimationEngine engine, CommandArgs args, CliIo io, String command) {
        Path library = args.value("--library").map(Path::of).orElseGet(SpeakerProfileStore::defaultRoot);
        try {
            engine.speakers().attach(new SpeakerProfileStore(library, BundleIdentity.of(engine.bundle())));
            for (String w : engine.speakers().warnings()) {
                io.err().println(command + ": warning: " + w);
            }
        } catch (SpeakerProfileException e) {
            io.err().println(command + ": warning: learned speakers are not available: " + e.getMessage());
        }
    }
}
