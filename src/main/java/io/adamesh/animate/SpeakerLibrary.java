package io.adamesh.animate;

import io.adamesh.model.ModelBundle;
import io.adamesh.model.ModelBundleException;
import io.adamesh.model.PoseModel;
import io.adamesh.model.SpeakerAdapter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundle's speaker profiles (MoLoRA adapters, read once) and each speaker's pose style: the pose
 * bundle's style embedding of the same speaker id when it has one, otherwise its "no style" row.
 */
public final class SpeakerLibrary {
    private final Map<String, SpeakerAdapter> adapters = new LinkedHashMap<>();
    private final PoseModel pose;

    public SpeakerLibrary(ModelBundle bundle, PoseModel pose) throws AnimateException {
        this.pose = pose;
        try {
            for (SpeakerAdapter a : bundle.speakers()) {
                adapters.put(a.id(), a);
            }
        } catch (ModelBundleException e) {
            throw new AnimateException(e.getMessage(), e);
        }
        if (adapters.isEmpty()) {
            throw new AnimateException("Model bundle " + bundle.directory() + " declares no speaker profiles");
        }
    }

    public List<String> ids() {
        return new ArrayList<>(adapters.keySet());
    }

    public String defaultId() {
        return adapters.keySet().iterator().next();
    }

    public SpeakerAdapter adapter(String id) throws AnimateException {
        SpeakerAdapter a = adapters.get(id);
        if (a == null) {
            throw new AnimateException("Unknown speaker '" + id + "'; this bundle has " + ids());
        }
        return a;
    }

    /** The pose style for a speaker (null without a pose model). */
    public float[] poseStyle(String id) {
        if (pose == null) {
            return null;
        }
        int i = pose.styleNames().indexOf(id);
        return i >= 0 ? pose.style(i) : pose.noStyle();
    }

    /** Whether the pose model has a style of this speaker's own (not the neutral fallback). */
    public boolean hasOwnPoseStyle(String id) {
        return pose != null && pose.styleNames().contains(id);
    }
}
