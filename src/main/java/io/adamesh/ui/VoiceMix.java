package io.adamesh.ui;

import io.adamesh.timeline.MediaClip;
import io.adamesh.timeline.Project;
import java.util.Map;

/**
 * The voice track rendered to one 16 kHz buffer in timeline time (sample 0 = time 0): every online
 * voice clip's [in, out) placed at its offset, overlapping clips summed and clipped to [-1, 1].
 * Playback plays this buffer, so the player's clock is the timeline's time.
 */
public final class VoiceMix {
    public static final int RATE = 16_000;

    private VoiceMix() {}

    /** A key that changes whenever the mix would: the clips' placement and which media are decoded. */
    public static String key(Project p, Map<String, StudioDocument.Audio> audio) {
        StringBuilder sb = new StringBuilder();
        for (MediaClip c : p.voice().clips()) {
            sb.append(c.path()).append('@').append(c.offset()).append(':').append(c.in()).append('-').append(c.out())
                    .append(c.offline() ? "off" : "").append(audio.containsKey(c.path()) ? "+" : "-").append(';');
        }
        return sb.toString();
    }

    /** Returns null when no voice clip has decoded audio. */
    public static float[] render(Project p, Map<String, StudioDocument.Audio> audio) {
        long end = 0;
        boolean any = false;
        for (MediaClip c : p.voice().clips()) {
            if (c.offline() || !audio.containsKey(c.path())) continue;
            any = true;
            end = Math.max(end, Math.round(c.end() * RATE));
        }
        if (!any) return null;
        float[] mix = new float[(int) Math.max(end, Math.round(p.extent() * RATE))];
        for (MediaClip c : p.voice().clips()) {
            StudioDocument.Audio a = audio.get(c.path());
            if (c.offline() || a == null) continue;
            int src = (int) Math.round(c.in() * RATE);
            int dst = (int) Math.round(c.offset() * RATE);
            int n = (int) Math.min(Math.round((c.out() - c.in()) * RATE), a.samples().length - (long) src);
            n = Math.min(n, mix.length - dst);
            for (int i = 0; i < n; i++) mix[dst + i] += a.samples()[src + i];
        }
        for (int i = 0; i < mix.length; i++) mix[i] = Math.max(-1f, Math.min(1f, mix[i]));
        return mix;
    }
}
