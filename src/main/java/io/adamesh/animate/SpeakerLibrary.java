package io.adamesh.animate;

import io.adamesh.model.ModelBundle;
import io.adamesh.model.ModelBundleException;
import io.adamesh.model.PoseModel;
import io.adamesh.model.SpeakerAdapter;
import io.adamesh.speaker.SpeakerProfile;
import io.adamesh.speaker.SpeakerProfileStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundle's speaker profiles (MoLoRA adapters, read once) and each speaker's pose style: the pose
 * bundle's style embedding of the same speaker id when it has one, otherwise its "no style" row. User
 * profiles of an attached {@link SpeakerProfileStore} follow the built-ins, selectable by their id;
 * {@link #reload()} picks up profiles saved, renamed or deleted since.
 */
public final class SpeakerLibrary {
    private final Map<String, SpeakerAdapter> builtIns = new LinkedHashMap<>();
    private volatile Map<String, SpeakerProfile> user = Map.of();
    private volatile List<String> warnings = List.of();
    private final PoseModel pose;
    private SpeakerProfileStore store;

    public SpeakerLibrary(ModelBundle bundle, PoseModel pose) throws AnimateException {
        this.pose = pose;
        try {
            for (SpeakerAdapter a : bundle.speakers()) {
                builtIns.put(a.id(), a);
            }
        } catch (ModelBundleException e) {
            throw new AnimateException(e.getMessage(), e);
        }
        if (builtIns.isEmpty()) {
            throw new AnimateException("Model bundle " + bundle.directory() + " declares no speaker profiles");
        }
    }

    /** Lists the profiles of {@code profiles} after the built-ins from now on (null detaches). */
    public synchronized void attach(SpeakerProfileStore profiles) {
        this.store = profiles;
        reload();
    }

    /**
     * Re-reads the attached store. Profiles that cannot be used (corrupt, made for another bundle, an id
     * taken by a built-in speaker) are left out, each with a line in {@link #warnings()}.
     */
    public synchronized void reload() {
        Map<String, SpeakerProfile> found = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        if (store != null) {
            for (SpeakerProfile p : store.list()) {
                if (builtIns.containsKey(p.id())) {
                    notes.add("Speaker profile '" + p.id() + "' in " + store.root()
                            + " is skipped: a built-in speaker has that id");
                } else {
                    found.put(p.id(), p);
                }
            }
            notes.addAll(0, store.warnings());
        }
        user = Map.copyOf(found);
        userOrder = List.copyOf(found.keySet());
        warnings = List.copyOf(notes);
    }

    private volatile List<String> userOrder = List.of();
    private final Map<String, SpeakerProfile> previews = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Makes an unsaved profile selectable by its id (for a preview before the user saves it) until
     * {@link #forget(String)}; nothing is written. Saved profiles of the same id take precedence.
     */
    public void preview(SpeakerProfile p) throws AnimateException {
        if (builtIns.containsKey(p.id())) {
            throw new AnimateException("Speaker id '" + p.id() + "' belongs to a built-in speaker");
        }
        previews.put(p.id(), p);
    }

    /** Drops a previewed profile (no effect on saved ones). */
    public void forget(String id) {
        previews.remove(id);
    }

    /** Built-in ids, then user profile ids. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>(builtIns.keySet());
        ids.addAll(userOrder);
        return ids;
    }

    public List<String> builtInIds() {
        return new ArrayList<>(builtIns.keySet());
    }

    /** Ids of the attached store's usable profiles, in the store's order. */
    public List<String> userIds() {
        return userOrder;
    }

    /** Why some user profiles are not listed (empty when all loaded). */
    public List<String> warnings() {
        return warnings;
    }

    public String defaultId() {
        return builtIns.keySet().iterator().next();
    }

    /** A user profile by id, or null for a built-in or unknown id. */
    public SpeakerProfile userProfile(String id) {
        SpeakerProfile p = user.get(id);
        return p != null ? p : previews.get(id);
    }

    /** What to show for an id: a user profile's name, otherwise the id. */
    public String displayName(String id) {
        SpeakerProfile p = userProfile(id);
        return p != null ? p.name() : id;
    }

    public SpeakerAdapter adapter(String id) throws AnimateException {
        SpeakerAdapter a = builtIns.get(id);
        if (a != null) {
            return a;
        }
        SpeakerProfile p = userProfile(id);
        if (p != null) {
            return p.adapter();
        }
        throw new AnimateException("Unknown speaker '" + id + "'; known speakers are " + ids());
    }

    /** The pose style for a speaker (null without a pose model). */
    public float[] poseStyle(String id) {
        if (pose == null) {
            return null;
        }
        SpeakerProfile p = userProfile(id);
        if (p != null) {
            float[] s = p.poseStyle();
            return s != null && s.length == pose.styleDim() ? s : pose.noStyle();
        }
        int i = pose.styleNames().indexOf(id);
        return i >= 0 ? pose.style(i) : pose.noStyle();
    }

    /** Whether the speaker has a pose style of its own (not the neutral fallback). */
    public boolean hasOwnPoseStyle(String id) {
        if (pose == null) {
            return false;
        }
        SpeakerProfile p = userProfile(id);
        if (p != null) {
            return p.poseStyle() != null && p.poseStyle().length == pose.styleDim();
        }
        return pose.styleNames().contains(id);
    }
}
