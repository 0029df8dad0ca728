package io.adamesh.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.audio.SimulatedOutputLine;
import io.adamesh.timeline.Project;
import io.adamesh.timeline.edit.JobManager;
import io.adamesh.ui.timeline.TimelineViewModel;
import org.junit.jupiter.api.Test;

class PlaybackControllerTest {
    final Project project = new Project("p", 30, 10);
    final TimelineViewModel timeline = new TimelineViewModel(project, new JobManager());
    final PlaybackController playback = new PlaybackController(
            () -> new SimulatedOutputLine(SimulatedOutputLine.Clock.system(), 1600, 0));

    @Test void withoutAudioThePlayheadAdvancesByWallTime() {
        playback.attach(timeline);
        timeline.togglePlay();
        playback.pulse(0.5);
        assertEquals(0.5, timeline.playheadProperty().get(), 1e-9);
    }

    @Test void withAudioThePlayheadIsTheAudioClockNotWallTime() throws InterruptedException {
        playback.attach(timeline);
        playback.setMix(new float[16_000 * 5]);
        timeline.seek(1.0);
        timeline.togglePlay();
        playback.pulse(0);                       // starts the player at the playhead
        assertTrue(playback.player().isPlaying());
        Thread.sleep(200);
        playback.pulse(7.0);                     // a huge wall-time step must not move the playhead by 7 s
        double heard = playback.player().positionSeconds();
        double t = timeline.playheadProperty().get();
        assertTrue(t > 1.0 && t < 2.5, "playhead " + t);
        assertEquals(heard, t, 0.05);
        playback.close();
    }

    @Test void pausingFromTheTransportStopsTheTimelineAndScrubbingSeeksThePlayer() {
        playback.attach(timeline);
        playback.setMix(new float[16_000 * 5]);
        timeline.togglePlay();
        playback.pulse(0);
        playback.audio().togglePlay();           // the transport bar's button
        playback.pulse(0);
        assertFalse(timeline.playingProperty().get());
        timeline.seek(3.0);                      // scrub on the timeline
        assertEquals(3.0, playback.player().positionSeconds(), 0.01);
        playback.close();
    }
}
